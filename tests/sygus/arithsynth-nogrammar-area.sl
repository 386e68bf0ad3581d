; area of a w by h rectangle
; authored for arithsynth (scripts/make_sygus.py)

(set-logic NIA)

(synth-fun f ((w Int) (h Int)) Int)

(constraint (= (f 3 4) 12))
(constraint (= (f 5 5) 25))
(constraint (= (f 2 9) 18))
(constraint (= (f 10 1) 10))
(constraint (= (f 7 6) 42))

(check-synth)
