; a linear function of two variables
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int)

(declare-var x Int)
(declare-var y Int)

(constraint (= (f 0 0) 7))
(constraint (= (f 1 -2) 14))
(constraint (= (f -3 4) -10))
(constraint (= (f 5 5) 12))
(constraint (= (f -1 -1) 6))
(constraint (= (f 10 3) 31))

(check-synth)
