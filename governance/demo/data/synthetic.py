"""The synthetic benchmark portfolio's vocabulary and odds (governance.demo.synthetic writes it)."""

from portfolio.models import Light, Phase

# Synthetic rows are recognisable by this prefix: project numbers, system names, plan titles,
# meeting locations.
PREFIX = "GEN-"
LEADER_COUNT = 20
BATCH_SIZE = 2000  # rows per INSERT

PHASE_WEIGHTS = [
    (Phase.ANALYSIS, 20),
    (Phase.EXECUTION, 45),
    (Phase.REALISATION, 20),
    (Phase.CLOSED, 10),
    (Phase.STOPPED, 5),
]
ACTIVE = {Phase.ANALYSIS, Phase.EXECUTION, Phase.REALISATION}
PAST_ANALYSIS = {Phase.EXECUTION, Phase.REALISATION, Phase.CLOSED}
PERCENT_RANGE = {Phase.ANALYSIS: (0, 30), Phase.EXECUTION: (20, 85), Phase.REALISATION: (75, 98)}

SUBJECTS = [
    "Digital selvbetjening",
    "Automatisering",
    "Robotteknologi",
    "Ny løsning",
    "Dataplatform",
    "Udbud af",
    "Velfærdsteknologi",
    "Mobil arbejdsgang",
    "Overgang til fælleskommunal infrastruktur for",
    "Kunstig intelligens i",
    "Sensorer i",
    "Ledelsesinformation for",
]
AREAS = [
    "hjemmeplejen",
    "jobcentret",
    "borgerservice",
    "skolerne",
    "dagtilbud",
    "biblioteket",
    "vej og park",
    "byggesager",
    "ydelser",
    "familieafdelingen",
    "plejecentrene",
    "rådhuset",
    "affald og genbrug",
    "sundhed og træning",
    "løn og personale",
    "økonomistyring",
]
FIRST_NAMES = [
    "Anne",
    "Bo",
    "Camilla",
    "Dorte",
    "Erik",
    "Frederik",
    "Gitte",
    "Henrik",
    "Ida",
    "Jens",
    "Karina",
    "Lars",
    "Maja",
    "Niels",
    "Pia",
    "Rasmus",
    "Signe",
    "Torben",
    "Ulla",
    "Vibeke",
]
LAST_NAMES = [
    "Andersen",
    "Bach",
    "Christensen",
    "Dam",
    "Eriksen",
    "Fisker",
    "Gregersen",
    "Hansen",
    "Iversen",
    "Jensen",
    "Kristiansen",
    "Lund",
    "Madsen",
    "Nielsen",
    "Olsen",
    "Pedersen",
    "Rasmussen",
    "Sørensen",
    "Thomsen",
    "Vinther",
]
# Markov chain of a dimension's light from one period to the next: mostly green, the odd red episode.
TRANSITIONS = {
    Light.GREEN: ([Light.GREEN, Light.YELLOW, Light.RED], [0.92, 0.07, 0.01]),
    Light.YELLOW: ([Light.GREEN, Light.YELLOW, Light.RED], [0.40, 0.52, 0.08]),
    Light.RED: ([Light.GREEN, Light.YELLOW, Light.RED], [0.10, 0.50, 0.40]),
}
COMMENTS = {
    Light.YELLOW: "Mindre afvigelse; håndteres i projektgruppen.",
    Light.RED: "Væsentlig afvigelse; programgruppen orienteres.",
}
