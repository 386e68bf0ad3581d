; x clamped to 0..100
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int)

(constraint (= (f (- 20)) 0))
(constraint (= (f (- 1)) 0))
(constraint (= (f 0) 0))
(constraint (= (f 37) 37))
(constraint (= (f 100) 100))
(constraint (= (f 101) 100))
(constraint (= (f 250) 100))
(constraint (= (f 64) 64))

(check-synth)
