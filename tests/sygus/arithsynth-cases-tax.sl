; tax: nothing up to 100, then a fifth of the rest, rounded down
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((i Int)) Int
  ((Start Int (i 0 1 5 100 (+ Start Start) (- Start Start) (div Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((and StartBool StartBool) (or StartBool StartBool) (not StartBool)
        (<= Start Start) (= Start Start) (>= Start Start)))))

(declare-var i Int)

(constraint (= (f 0) 0))
(constraint (= (f 50) 0))
(constraint (= (f 100) 0))
(constraint (= (f 101) 0))
(constraint (= (f 150) 10))
(constraint (= (f 260) 32))
(constraint (= (f 1000) 180))

(check-synth)
