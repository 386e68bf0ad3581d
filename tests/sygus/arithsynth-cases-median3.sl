; the median of three numbers
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int) (z Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (x y z (ite StartBool Start Start)))
   (StartBool Bool ((<= Start Start) (and StartBool StartBool)
        (or StartBool StartBool)))))

(constraint (= (f 1 2 3) 2))
(constraint (= (f 3 1 2) 2))
(constraint (= (f 2 3 1) 2))
(constraint (= (f 5 5 1) 5))
(constraint (= (f 9 4 6) 6))
(constraint (= (f 0 (- 3) 8) 0))
(constraint (= (f 7 2 7) 7))

(check-synth)
