; the larger of two numbers
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int)

(declare-var x Int)
(declare-var y Int)

(constraint (= (f 3 4) 4))
(constraint (= (f 9 2) 9))
(constraint (= (f -5 -7) -5))
(constraint (= (f 0 0) 0))
(constraint (= (f -2 6) 6))
(constraint (= (f 11 10) 11))

(check-synth)
