"""General-purpose lexicons for war reporting: event triggers, irrealis cues, sides, media.

Nothing here is keyed on particular reports: these are the verbs and nouns with which
news prose reports each sitrep event type, and the outlets that commonly carry war news.
"""

from __future__ import annotations

import re

# (type, pattern, nominal). ``nominal`` triggers are event nouns ("the capture of X"); the
# others are verb phrases. Order inside a type does not matter; spans never overlap.
_V = False
_N = True
TRIGGERS: tuple[tuple[str, str, bool], ...] = (
    ("surrender", r"surrender(?:ed|ing|s)?|laid\s+down\s+(?:their\s+)?arms|taken\s+prisoner"
                  r"|captured\s+(?:\d+\s+|several\s+|dozens\s+of\s+)?(?:\w+\s+)?(?:soldiers|servicemen|troops|fighters|militants)", _V),
    ("surrender", r"surrenders?|capitulation|POWs|prisoners\s+of\s+war", _N),
    ("positions", r"(?:establish(?:ed|es|ing)?|set\s+up|took|take|taken|taking|occup(?:y|ies|ied|ying)|"
                  r"consolidat(?:ed|es|ing)|gain(?:ed|ing)|dug\s+in|entrench(?:ed|ing))\s+"
                  r"(?:[\w-]+\s+){0,3}?(?:positions?|lines?|foothold|bridgehead|strongholds?)", _V),
    ("positions", r"dug\s+in|entrenched|gained\s+a\s+foothold|firing\s+positions?", _V),
    ("capture", r"(?:re)?captur(?:e|es|ed|ing)(?!\s+(?:\d+\s+)?(?:\w+\s+)?(?:soldiers|servicemen|troops|fighters|militants))|"
                r"liberat(?:e|es|ed|ing)|seiz(?:e|es|ed|ing)|retook|retak(?:e|es|en|ing)|overr(?:an|un|unning)|"
                r"(?:has|have|had|was|were|been|is|are)\s+(?:\w+\s+)?occupied|"
                r"(?:took|take|taken|taking|gain(?:ed|ing)?|regain(?:ed|ing)?|establish(?:ed|ing)?)\s+(?:full\s+)?control\s+(?:of|over)|"
                r"fell\s+to|fallen\s+to|(?:has|have|had|was|were|been)\s+taken(?!\s+(?:\w+\s+){0,2}(?:positions?|lines?|prisoner))", _V),
    ("capture", r"(?:re)?capture|liberation|occupation|seizure|takeover|fall(?=\s+of\b)|"
                r"(?:its|city['’]s|town['’]s|village['’]s)\s+fall", _N),
    ("withdrawal", r"withdr(?:aw|ew|awn|awing|aws)|retreat(?:ed|ing|s)?|pull(?:ed|ing)?\s+(?:out|back)|"
                   r"fell\s+back|abandon(?:ed|ing)|left\s+the\s+(?:city|town|village|settlement)", _V),
    ("withdrawal", r"withdrawal|retreat|pull-?out", _N),
    ("encirclement", r"surround(?:ed|ing)?|(?:semi-)?encircl(?:e|ed|es|ing)|"
                     r"supply\s+(?:[\w-]+\s+){0,9}?(?:was|were|is|are|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:cut|interrupted|severed|blocked)|"
                     r"cut\s+off\s+(?:the\s+)?(?:supply|supplies|logistics)", _V),
    ("encirclement", r"(?:semi-)?encirclement|cauldron|blockade", _N),
    ("evacuation", r"evacuat(?:e|es|ed|ing)", _V),
    ("evacuation", r"evacuation", _N),
    ("strike", r"destroy(?:ed|ing|s)?|shell(?:ed|ing|s)?|bomb(?:ed|ing|s)?|struck|shot\s+down|intercepted|"
               r"downed|hit\s+by|(?:air|drone|missile|rocket|artillery)\s+(?:strike|attack)s?", _V),
    ("strike", r"(?:air)?strikes?|shelling|bombardment|bombing|airstrikes?|"
               r"(?:missile|drone|rocket|artillery)\s+(?:attacks?|fire)|explosions?|destruction", _N),
    ("clash", r"fought(?:\s+over)?|clash(?:ed|ing)|repel(?:led|ling|s)?|repuls(?:ed|ing)|stormed|"
              r"attack(?:ed|ing)|faced\s+(?:\w+\s+){0,2}resistance|engaged\s+in\s+(?:combat|battle|fighting)", _V),
    ("clash", r"(?:street\s+)?battles?|fighting|clash(?:es)?|skirmish(?:es)?|firefights?|assaults?|"
              r"counter-?attacks?|counter-?offensives?|combat|(?:fierce|stiff|heavy|strong)\s+resistance|attacks?", _N),
    ("advance", r"advanc(?:e|es|ed|ing)(?!\s+(?:weapons|systems|technology|technologies|notice))|"
                r"push(?:ed|es|ing)?\s+(?:forward|toward|towards|into|deeper|on)|"
                r"(?:made|making|make|makes)\s+(?:\w+\s+){0,2}(?:progress|push|gains?|headway)|"
                r"mov(?:e|ed|es|ing)\s+(?:toward|towards|closer\s+to)|gain(?:ed|ing)?\s+ground|"
                r"expand(?:ed|ing|s)?\s+(?:the\s+)?(?:buffer|security|control)\s+zone|approach(?:ed|ing)\s+(?:the\s+)?outskirts", _V),
    ("advance", r"advances?|push(?=\s+(?:toward|towards|into|on|to)\b)|offensives?|breakthrough|incursions?", _N),
)

#: nouns that only ever refer back to an event already reported ("The destruction took place ...")
ANAPHOR_ONLY = frozenset({"destruction", "explosion", "explosions"})

#: words right before a trigger that make it something other than a reported event
IRREALIS_BEFORE = re.compile(
    r"(?:\b(?:further|subsequent|future|eventual|imminent|planned|threat\s+of|threats\s+of|risk\s+of|"
    r"fear\s+of|fears\s+of|prevent(?:ing)?|aimed\s+at|attempts?\s+to|effort\s+to|efforts\s+to|"
    r"in\s+order\s+to|no|not|never|without|possibility\s+of|precursor\s+to|goal\s+of|aim\s+of|"
    r"plans?\s+to)\s+(?:(?:a|an|the|any)\s+)?(?:[\w-]+\s+)?$)", re.IGNORECASE)
#: the war as a whole as subject ("the war is being fought to protect ..."): a frame, not an event
WAR_SUBJECT = re.compile(r"\b(?:the\s+)?(?:war|conflict|wars|campaign)\s+(?:(?:is|was|are|were|has|have|had|"
                         r"been|being|still|now)\s+){0,3}$", re.IGNORECASE)
#: "in advance", "to advance": checked on the single word before verbal triggers
INFINITIVE_BEFORE = re.compile(r"\b(?:to|in)\s+$", re.IGNORECASE)
#: "which is being fought over", "a city that had already been liberated"
RELATIVE_CLAUSE = re.compile(
    r"(?:,\s*)?\b(?:which|who|that|where)\s+(?:\w+\s+){0,4}$", re.IGNORECASE)
#: habitual / long-past framing: not an event of the report's day
HABITUAL = re.compile(
    r"\b(?:ha[sd]\s+long\s+been|over\s+the\s+past\s+(?:few\s+)?(?:days|weeks|months|years)|for\s+years|"
    r"historically|repeated|since\s+(?:19|20)\d\d|ha(?:s|ve|d)\s+seen\s+repeated|repeatedly|in\s+recent\s+(?:weeks|months|years))\b",
    re.IGNORECASE)
#: commentary about strategy, threats and generic practice
GENERIC = re.compile(
    r"\b(?:such|strategy|strategic\s+depth|the\s+use\s+of|reliance\s+on|capabilities|could\s+allow|"
    r"underscores?|highlights?\s+the|narrative|implications?|in\s+general)\b", re.IGNORECASE)

MODAL = re.compile(
    r"\b(?:could|may|might|would|possibly|potentially|likely|probably|perhaps|expected\s+to|"
    r"threatens?\s+to|speculat\w+|suggests?|if)\b", re.IGNORECASE)
DENIAL = re.compile(r"\b(?:den(?:y|ies|ied)|refut\w+|reject\w*|dismiss\w*)\b", re.IGNORECASE)
UNCONFIRMED = re.compile(
    r"\b(?:unconfirmed|unverified|not\s+(?:been\s+)?(?:independently\s+)?(?:confirmed|verified)|"
    r"could\s+not\s+(?:be\s+)?(?:independently\s+)?verif\w+|cannot\s+be\s+(?:independently\s+)?verified)\b",
    re.IGNORECASE)

SIDE_RU = re.compile(
    r"\b(?:(?:the\s+)?(?:Russian|Russia's|RF|Russian-backed|pro-Russian)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:forces|army|military|troops|units|servicemen|soldiers|Armed\s+Forces|assault\s+groups?|"
    r"paratroopers|marines|artillery|aviation|air\s+force|formations|battalions?|brigades?|regiments?|"
    r"divisions?|grouping|separatists|operators?)"
    r"|(?:DPR|LPR|DNR|LNR)\s+(?:troops|forces|units|army|militia|fighters|soldiers|servicemen)"
    r"|Wagner(?:\s+(?:Group|PMC|fighters|mercenaries))?"
    r"|(?:\d+(?:st|nd|rd|th)\s+(?:and\s+\d+(?:st|nd|rd|th)\s+)?)?Cossack\s+(?:brigades?|units?)"
    r"|Russian-backed\s+(?:forces|separatists)|separatists?(?:\s+groups|\s+forces)?|Russia)\b")
SIDE_UA = re.compile(
    r"\b(?:(?:the\s+)?(?:Ukrainian|Ukraine's|Kyiv's)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:forces|army|military|troops|units|servicemen|soldiers|Armed\s+Forces|defenders|brigades?|"
    r"battalions?|formations|garrison|officials|spokesperson|equipment|positions|trucks?|pick-ups?|"
    r"tanks?|vehicles?|howitzers?|strongholds?)"
    r"|UAF|AFU|ZSU"
    r"|(?:the\s+)?(?:elite\s+)?\d+(?:st|nd|rd|th)\s+Separate\s+(?:[\w-]+\s+){0,2}Brigade)\b")

#: outlets: canonical name -> (pattern, partisan?) — partisan: state or party media, whose
#: reports of their own side's successes are claims, not assertions
OUTLETS: dict[str, tuple[str, bool]] = {
    "TASS": (r"TASS|Tass", True),
    "RIA Novosti": (r"RIA\s+Novosti|RIA", True),
    "Izvestia": (r"Izvestia", True),
    "Interfax": (r"Interfax", True),
    "RT": (r"RT|Russia\s+Today", True),
    "Sputnik": (r"Sputnik", True),
    "Zvezda": (r"Zvezda", True),
    "Mash": (r"Mash", True),
    "Rybar": (r"Rybar", True),
    "Solovyov.Live": (r"Solovyov\.?\s?Live", True),
    "Lenta.ru": (r"Lenta\.ru", True),
    "Kommersant": (r"Kommersant", True),
    "Kremlin website": (r"Kremlin\s+website", True),
    "Russian Defense Ministry": (r"Russian\s+(?:Defen[cs]e\s+Ministry|Ministry\s+of\s+Defen[cs]e)", True),
    "Ukrinform": (r"Ukrinform", True),
    "General Staff of the AFU": (r"General\s+Staff(?:\s+of\s+the\s+(?:AFU|Armed\s+Forces\s+of\s+Ukraine))?", True),
    "Ukrainska Pravda": (r"Ukrainska\s+Pravda", False),
    "Kyiv Independent": (r"Kyiv\s+Independent", False),
    "Deep State": (r"Deep\s?State(?:Map)?", False),
    "ISW": (r"ISW|Institute\s+for\s+the\s+Study\s+of\s+War", False),
    "The New York Times": (r"(?:The\s+)?New\s+York\s+Times|NYT", False),
    "The Washington Post": (r"(?:The\s+)?Washington\s+Post", False),
    "The Guardian": (r"The\s+Guardian", False),
    "The Wall Street Journal": (r"(?:The\s+)?Wall\s+Street\s+Journal|WSJ", False),
    "Reuters": (r"Reuters", False),
    "AP": (r"Associated\s+Press|AP", False),
    "AFP": (r"AFP|Agence\s+France-Presse", False),
    "BBC": (r"BBC", False),
    "CNN": (r"CNN", False),
    "Bloomberg": (r"Bloomberg", False),
    "Financial Times": (r"Financial\s+Times", False),
    "Meduza": (r"Meduza", False),
}

#: words that make a quoted person neutral (not a party to the conflict)
NEUTRAL_PERSON = re.compile(
    r"\b(?:Western|American|U\.S\.|US|British|European|NATO|independent|UN|OSCE|foreign|international|"
    r"journalist|researcher|observer|eyewitness|resident)\b", re.IGNORECASE)
ANONYMOUS = re.compile(r"\b(?:anonymous|unnamed|declined\s+to\s+be\s+named|requested\s+anonymity|"
                       r"condition\s+of\s+anonymity|anonymity)\b", re.IGNORECASE)
OFFICIAL = re.compile(r"\b(?:head|president|spokes(?:person|man|woman)|official|officials|minister|"
                      r"governor|commander|mayor|chief|leader|deputy|ambassador|general|colonel)\b",
                      re.IGNORECASE)
EXPERT = re.compile(r"\b(?:expert|analyst|analysts|observer|commentator|blogger|correspondent)\b",
                    re.IGNORECASE)
#: capitalised words that are never part of a person's name
NOT_NAME = frozenset(
    "The A An He She They It His Her This That Russian Ukrainian Russia Ukraine DPR LPR DNR LNR UAF "
    "AFU RF President Lieutenant Colonel General Major Captain Head Acting Military Armed Forces "
    "According Earlier Prior On In At Now Kremlin Donetsk Lugansk Luhansk People's People’s "
    "Republic Western Telegram Mr Mrs Ms Dr Retired Deputy Commander Minister Governor Soldiers "
    "One Our We".split())
