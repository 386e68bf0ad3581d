; the sum of three numbers
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int) (z Int)) Int)

(constraint (= (f 1 2 3) 6))
(constraint (= (f 0 0 0) 0))
(constraint (= (f 5 (- 2) 7) 10))
(constraint (= (f 10 20 30) 60))
(constraint (= (f (- 4) 4 9) 9))

(check-synth)
