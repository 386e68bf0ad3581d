; minutes past the hour of t minutes
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((t Int)) Int)

(constraint (= (f 75) 15))
(constraint (= (f 130) 10))
(constraint (= (f 1999) 19))
(constraint (= (f 61) 1))
(constraint (= (f 600) 0))
(constraint (= (f 44) 44))
(constraint (= (f 1234) 34))
(constraint (= (f 359) 59))

(check-synth)
