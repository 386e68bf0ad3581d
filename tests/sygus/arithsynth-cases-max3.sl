; the largest of three numbers
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int) (z Int)) Int
  ((Start Int (x y z 0 1 (+ Start Start) (- Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((and StartBool StartBool) (or StartBool StartBool) (not StartBool)
        (<= Start Start) (= Start Start) (>= Start Start)))))

(declare-var x Int)
(declare-var y Int)
(declare-var z Int)

(constraint (= (f 1 2 3) 3))
(constraint (= (f 3 2 1) 3))
(constraint (= (f 2 3 1) 3))
(constraint (= (f -1 -5 -3) -1))
(constraint (= (f 7 7 2) 7))
(constraint (= (f 0 9 4) 9))
(constraint (= (f 5 -2 5) 5))

(check-synth)
