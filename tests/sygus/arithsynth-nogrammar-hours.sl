; whole hours in s seconds
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)
(set-options ((produce-models true)))

(synth-fun f ((s Int)) Int)

(declare-var s Int)

(constraint (= (f 0) 0))
(constraint (= (f 3599) 0))
(constraint (= (f 3600) 1))
(constraint (= (f 7300) 2))
(constraint (= (f 86399) 23))
(constraint (= (f 12000) 3))

(check-synth)
