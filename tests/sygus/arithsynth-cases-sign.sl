; the sign of x
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int (x 0 1 -1 (+ Start Start) (- Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((and StartBool StartBool) (or StartBool StartBool) (not StartBool)
        (<= Start Start) (= Start Start) (>= Start Start)))))

(declare-var x Int)

(constraint (= (f -7) -1))
(constraint (= (f -1) -1))
(constraint (= (f 0) 0))
(constraint (= (f 1) 1))
(constraint (= (f 5) 1))
(constraint (= (f 42) 1))

(check-synth)
