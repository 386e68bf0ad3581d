; sum of the digits of a two-digit number
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((n Int)) Int)

(constraint (= (f 10) 1))
(constraint (= (f 19) 10))
(constraint (= (f 47) 11))
(constraint (= (f 55) 10))
(constraint (= (f 83) 11))
(constraint (= (f 99) 18))
(constraint (= (f 7) 7))

(check-synth)
