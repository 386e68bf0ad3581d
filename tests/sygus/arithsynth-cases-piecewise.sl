; if x <= 7 then x + 20 else 2x
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (x 0 10 20 30 40 50 60 70 80 90 100 1 2 (+ Start Start)
        (- Start Start) (ite StartBool Start Start)))
   (StartBool Bool ((and StartBool StartBool) (or StartBool StartBool) (not StartBool)
        (<= Start Start) (= Start Start) (>= Start Start)))))

(constraint (= (f 0) 20))
(constraint (= (f 3) 23))
(constraint (= (f 7) 27))
(constraint (= (f 8) 16))
(constraint (= (f 9) 18))
(constraint (= (f 12) 24))
(constraint (= (f 30) 60))
(constraint (= (f 5) 25))

(check-synth)
