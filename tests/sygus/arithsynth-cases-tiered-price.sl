; tiered price: 5 a unit up to 10, 4 up to 50 (plus 10), 3 beyond (plus 60)
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((q Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (q 0 1 3 4 5 10 50 60 (+ Start Start) (* Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((<= Start Start)))))

(constraint (= (f 1) 5))
(constraint (= (f 4) 20))
(constraint (= (f 10) 50))
(constraint (= (f 11) 54))
(constraint (= (f 25) 110))
(constraint (= (f 50) 210))
(constraint (= (f 51) 213))
(constraint (= (f 80) 300))
(constraint (= (f 120) 420))

(check-synth)
