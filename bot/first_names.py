"""Common first names: a name that begins with one and goes on with a capitalised surname
is a person's ("Edna Pryce", which the small model labels an organisation), unless its
own words say otherwise ("Grace Academy", :func:`bot.quiz.kinds.cue_kind`); and a name
that begins with one is no street's ("Nathan Lane": :mod:`bot.answering.sentences`).

Only names that are seldom anything else: no places or peoples ("Jordan", "Georgia",
"Chelsea", "Florence", "Victoria", "Lincoln", "Austin", "Sydney", "Norman" of "Norman
Italy"), no common words ("Will", "May", "Grant", "Bill", "Rose", "Frank", "Hope") and no
brands ("Ford", "Harley", "Charlie" of "Charlie Hebdo")."""

from __future__ import annotations

FIRST_NAMES = frozenset("""
aaron abdul abigail adam adrian ahmed aisha alan alastair albert alex alexander
alexandra alfie alice alison amanda amelia amy andrea andrew andy angela anita ann anna
anne annie anthony antonio arthur ashley audrey barbara barry beatrice ben benjamin
bernard beryl beth bethany betty beverley brenda brian bridget carl carol caroline
catherine cathy charles chloe chris christine christopher claire clare colin craig
daniel danielle darren dave david dawn debbie deborah declan denise dennis derek diane
donald doreen dorothy duncan edith edna edward eileen elaine eleanor elizabeth ellie
emily emma eric ethel eva evelyn fiona frances freddie gareth gary gavin geoffrey george
gillian gladys glenys gordon graham gwen hannah harold harriet harry hazel heather helen
henry hilda howard hugh ian imogen irene isabel isabella isla jack jacqueline james
jamie janet janice jason jean jennifer jeremy jessica jim joan joanna joanne joe john
jonathan joseph josephine josh joyce judith julia julian julie karen kate katherine
kathleen keith kenneth kevin kieran laura lauren leah leslie liam lily linda lisa
lorraine louise lucy lynn lynne malcolm margaret maria marian marie marjorie mark martin
mary matt matthew maureen megan melanie michael michelle mike mildred mohammed muhammad
nancy naomi natalie neil nicholas nick nicola nigel noah oliver olivia owen
pamela patricia patrick paul pauline peter philip phyllis priya rachel raymond rebecca
richard robert roger ronald rosemary ruth ryan sally sam samantha samuel sandra sarah
sean sharon sheila shirley simon sophie stephen steve steven stuart sue susan sylvia
teresa thomas tim timothy tom tony tracey trevor valerie vera vincent wendy william
yvonne zoe
""".split())
