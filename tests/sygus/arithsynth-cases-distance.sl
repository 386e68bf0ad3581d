; distance between two numbers, without abs
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (x y 0 (+ Start Start) (- Start Start) (ite StartBool Start Start)))
   (StartBool Bool ((<= Start Start)))))

(constraint (= (f 3 8) 5))
(constraint (= (f 8 3) 5))
(constraint (= (f (- 2) 5) 7))
(constraint (= (f 0 0) 0))
(constraint (= (f (- 6) (- 1)) 5))
(constraint (= (f 10 4) 6))

(check-synth)
