; absolute value
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int)

(constraint (= (f (- 9)) 9))
(constraint (= (f (- 4)) 4))
(constraint (= (f (- 1)) 1))
(constraint (= (f 0) 0))
(constraint (= (f 3) 3))
(constraint (= (f 8) 8))

(check-synth)
