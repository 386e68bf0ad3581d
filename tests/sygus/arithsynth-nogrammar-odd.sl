; the x-th odd number
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int)

(declare-var x Int)

(constraint (= (f -3) -5))
(constraint (= (f -1) -1))
(constraint (= (f 0) 1))
(constraint (= (f 2) 5))
(constraint (= (f 7) 15))
(constraint (= (f 12) 25))

(check-synth)
