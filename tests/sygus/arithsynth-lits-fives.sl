; a grammar with the literals 0, 5, ..., 250 (51 literals)
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int))
  ((Start Int ((+ Start Start) (- Start Start) x 0 5 10 15 20 25 30 35 40 45 50
        55 60 65 70 75 80 85 90 95 100 105 110 115 120 125 130 135 140 145
        150 155 160 165 170 175 180 185 190 195 200 205 210 215 220 225
        230 235 240 245 250))))

(constraint (= (f 1) 137))
(constraint (= (f 4) 143))
(constraint (= (f 20) 175))

(check-synth)
