"""General English lexicons for telling toponyms from other capitalised words.

Small closed word classes (prepositions, place nouns, titles, speech verbs,
outlet nouns) and common first names; nothing here names a specific story.
"""

from __future__ import annotations

#: words right before a toponym ("near Seversk", "the village of Fedorivka")
PLACE_PREPOSITIONS = frozenset(
    "in near from to toward towards around outside at into along via between past beyond "
    "outskirts vicinity across behind through".split())
PLACE_NOUNS = frozenset(
    "village villages town towns city cities settlement settlements hamlet locality localities "
    "point points district raion oblast region community hromada suburb outskirts "
    "area".split())
#: "populated point(s)" is the Russian "населённый пункт" in translation
PLACE_PHRASES = ("populated point", "populated points", "urban-type settlement", "the city of",
                 "the town of", "the village of", "the settlement of")

#: the word after a name that makes it a person or an organisation
SPEECH_VERBS = frozenset(
    "said says told noted stressed claimed declared added explained stated reported wrote "
    "announced emphasized emphasised argued warned believes thinks".split())
OUTLET_NOUNS = frozenset(
    "times post news novosti live tv channel herald gazette journal tribune agency daily "
    "pravda izvestia telegraph guardian today radio media press".split())
#: a word no gazetteer name matches, right before one of these, names the facility itself
#: ("the Police station", "Grain facility", "Ilyich plant"): not a loose spot
FACILITY_NOUNS = frozenset(
    "station plant factory facility substation market mine depot warehouse unit works "
    "terminal refinery".split())
#: "Kyiv TV tower" is a building in Kyiv, not an outlet
STRUCTURE_NOUNS = frozenset("tower towers centre center mast station building studio office offices".split())
OUTLET_CUES = frozenset("told quoted channel newspaper agency outlet publication portal "
                        "broadcaster tv".split())
PERSON_TITLES = frozenset(
    "president minister general colonel lieutenant major captain sergeant commander head "
    "expert analyst spokesman spokesperson mr mrs ms dr governor mayor deputy chief "
    "officer blogger correspondent journalist".split())
#: frequent Russian/Ukrainian/English given names in Latin spelling
FIRST_NAMES = frozenset(
    "vladimir volodymyr denis dmitry dmitri dmytro sergei sergey serhiy andrei andrey andriy "
    "alexander oleksandr aleksandr alexei oleksiy vitaly vitaliy vladislav vyacheslav yevgeny "
    "evgeny yevhen igor ihor oleg mikhail mykhailo nikolai mykola pavel pavlo ivan yuri yuriy "
    "viktor valery valeriy anatoly boris petro petr pyotr maxim maksym roman ruslan kirill "
    "gennady konstantin kostiantyn stanislav ramzan sergii leonid emmanuel joe donald "
    "john james boris olaf antony jake lloyd jens rishi keir marina maria olena elena "
    "natalia tatiana irina iryna anna svetlana".split())
#: words written with a capital that are never toponym heads by themselves
NOT_HEADS = frozenset(
    "the a an this that these those it its he she they we our their his her you i "
    "on at in of for with by and or but as if so yet when while after before since "
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december "
    "russian russians ukrainian ukrainians american european western eastern northern southern "
    "armed forces army military troops president kremlin government ministry defence defense "
    "deep state exclusive reports report analysts officials civilians meanwhile however "
    "earlier previously prior currently now yet still according special operation".split())
#: a capitalised word ending like an English adjective/demonym is not a (garbled) toponym
NON_TOPONYM_SUFFIXES = ("ian", "ians", "ean", "ese", "ish", "ism", "ist", "ists", "tion", "ment",
                        "ness", "ity", "ous", "ive", "ing")
#: a name followed by one of these is an adjective ("Chechen forces"), not a place
ADJECTIVE_HEADS = frozenset(
    "forces troops army soldiers fighters units servicemen military officials side government "
    "president authorities leadership people nationalists militants sabotage citizens".split())
