; degrees Celsius (multiples of 5) to Fahrenheit
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((c Int)) Int)

(constraint (= (f (- 40)) (- 40)))
(constraint (= (f (- 10)) 14))
(constraint (= (f 0) 32))
(constraint (= (f 5) 41))
(constraint (= (f 20) 68))
(constraint (= (f 35) 95))
(constraint (= (f 100) 212))

(check-synth)
