; x if positive, else 0
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (x 0 1 (+ Start Start) (- Start Start) (ite StartBool Start Start)))
   (StartBool Bool ((<= Start Start)))))

(constraint (= (f (- 9)) 0))
(constraint (= (f (- 3)) 0))
(constraint (= (f 0) 0))
(constraint (= (f 2) 2))
(constraint (= (f 6) 6))
(constraint (= (f 15) 15))

(check-synth)
