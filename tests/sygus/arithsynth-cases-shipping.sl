; shipping: 5 up to 2 kg, then 2 a kg
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((w Int)) Int
  ((Start Int (w 0 1 2 5 (+ Start Start) (- Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((and StartBool StartBool) (or StartBool StartBool) (not StartBool)
        (<= Start Start) (= Start Start) (>= Start Start)))))

(declare-var w Int)

(constraint (= (f 0) 5))
(constraint (= (f 1) 5))
(constraint (= (f 2) 5))
(constraint (= (f 3) 7))
(constraint (= (f 4) 9))
(constraint (= (f 7) 15))
(constraint (= (f 10) 21))

(check-synth)
