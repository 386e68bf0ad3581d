; minutes since midnight as an hhmm number
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((t Int)) Int
  ((Start Int (t 0 1 60 100 (+ Start Start) (* Start Start) (div Start Start)
        (mod Start Start)))))

(declare-var t Int)

(constraint (= (f 0) 0))
(constraint (= (f 59) 59))
(constraint (= (f 60) 100))
(constraint (= (f 75) 115))
(constraint (= (f 130) 210))
(constraint (= (f 600) 1000))
(constraint (= (f 1439) 2359))

(check-synth)
