; the mean of two nonnegative numbers, rounded down
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int)

(constraint (= (f 2 4) 3))
(constraint (= (f 3 4) 3))
(constraint (= (f 10 0) 5))
(constraint (= (f 7 7) 7))
(constraint (= (f 1 8) 4))
(constraint (= (f 100 51) 75))

(check-synth)
