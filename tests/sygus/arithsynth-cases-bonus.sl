; a bonus: 100 plus the excess when sales reach the target
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((sales Int) (target Int)) Int
  ((Start Int) (StartBool Bool))
  ((Start Int (sales target 0 100 (+ Start Start) (- Start Start)
        (ite StartBool Start Start)))
   (StartBool Bool ((>= Start Start) (< Start Start)))))

(constraint (= (f 50 40) 110))
(constraint (= (f 40 50) 0))
(constraint (= (f 100 100) 100))
(constraint (= (f 120 80) 140))
(constraint (= (f 0 10) 0))
(constraint (= (f 75 30) 145))

(check-synth)
