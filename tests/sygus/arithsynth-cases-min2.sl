; the smaller of two numbers
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (x y 0 1 (+ Start Start) (- Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((<= Start Start)))))

(constraint (= (f 3 4) 3))
(constraint (= (f 9 2) 2))
(constraint (= (f (- 5) (- 7)) (- 7)))
(constraint (= (f 0 0) 0))
(constraint (= (f (- 2) 6) (- 2)))
(constraint (= (f 11 10) 10))

(check-synth)
