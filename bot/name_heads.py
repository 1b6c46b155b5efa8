"""Head words of names: the word that says what kind of thing a name names ("Hexmoor
Rail", "Eastbridge District Council", "Quarry Lane", "River Wensum"), whatever the small
spaCy model labelled it. One table for the answers' sentence analysis
(:mod:`bot.answering.sentences`: a "person" whose name ends in one is a body or a place)
and for the quiz (:mod:`bot.quiz.kinds`: a key's kind and its wrong options')."""

from __future__ import annotations

ORG_HEADS = frozenset("""
ltd limited plc inc corp corporation company co llc group holdings partners capital
council committee commission agency ministry department bureau board authority trust
police fire army navy party club fc rovers union federation society association
foundation institute academy university college school hospital church museum orchestra
bank markets energy water rail railway railways buses trains airlines airways ferries
motors marine homes kitchen bakery foods industries systems technologies software labs
studios studio records pictures productions entertainment services service network
television tv radio press media herald courier gazette magazine newspaper centre center
""".split())
"""Head words of bodies' names: companies, councils, services, clubs, papers ("Westward
Marine", "Coastline Homes", "Harbour Kitchen", "Highland Herald", "Ashbourne Rovers")."""
FACILITY_HEADS = frozenset("""
street road avenue lane drive crescent terrace square bridge station airport park harbour
harbor canal stadium estate
""".split())
"""Head words of built places' names ("Hill Street", "Blackfriars Road", "Grand Union
Canal"): FAC."""
NATURAL_HEADS = frozenset("""
river lake mountain mountains island islands county province village bay valley sea ocean
coast peninsula gulf strait moor moors downs fells falls marshes cliffs beach
""".split())
"""Head words of natural places' and areas' names ("River Wensum", "Millbrook Falls",
"Exmoor Marshes"): LOC."""
PLACE_HEADS = FACILITY_HEADS | NATURAL_HEADS
"""Head words of places' names, built or natural."""
