; 3x - 1, three examples in one `and`, two written value first
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int))
  ((Start Int (x 0 1 3 (+ Start Start) (- Start Start)))))

(constraint (and (= (f 0) (- 1)) (= (f 1) 2) (= (f 2) 5)))
(constraint (= 14 (f 5)))
(constraint (= (- 13) (f (- 4))))

(check-synth)
