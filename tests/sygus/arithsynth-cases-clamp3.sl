; x clamped to lo..hi
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (lo Int) (hi Int)) Int
  ((Start Int (x lo hi (ite StartBool Start Start)))
   (StartBool Bool ((< Start Start) (<= Start Start) (and StartBool StartBool)))))

(declare-var x Int)
(declare-var lo Int)
(declare-var hi Int)

(constraint (= (f 5 0 10) 5))
(constraint (= (f -3 0 10) 0))
(constraint (= (f 12 0 10) 10))
(constraint (= (f 7 8 9) 8))
(constraint (= (f 10 2 4) 4))
(constraint (= (f 3 3 3) 3))
(constraint (= (f 6 1 20) 6))

(check-synth)
