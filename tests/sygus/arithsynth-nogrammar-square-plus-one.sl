; x squared plus one
; authored for arithsynth (scripts/make_sygus.py)

(set-logic NIA)

(synth-fun f ((x Int)) Int)

(declare-var x Int)

(constraint (= (f -4) 17))
(constraint (= (f -1) 2))
(constraint (= (f 0) 1))
(constraint (= (f 2) 5))
(constraint (= (f 3) 10))
(constraint (= (f 10) 101))

(check-synth)
