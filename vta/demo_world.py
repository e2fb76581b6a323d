"""A small, realistic demo world around Östergötland for `make run` and the web pages.

`demo_world()` returns plain data in the field names of docs/api-contract.md. As in
shared/matching-dev/world.json, `key` strings stand in for ids: a workplace's `employer`, a
need's `workplace`, a participant's `excluded_employers` and a user's `employer` refer to keys,
and a participant's `consent` says whether `share_with_employers` is given. `truth` records the
occupational domain of every need and participant (for checking match quality on the demo).

The employers, people and organisation numbers are invented (the numbers pass the Luhn check
but belong to nobody we know of); places and coordinates are real and approximate. Participant
texts are written in work terms (interests, experience), never health terms, and on purpose are
worded unlike the needs' texts. Some participants need adaptations, live far away, work few
hours, lack a driving licence or Swedish, exclude an employer or have not consented, so that the
demo shows the hard constraints at work.

Deterministic: no randomness; every call returns a fresh deep copy.
"""
from __future__ import annotations

import copy
from typing import Any

WORK_TRAINING = "work_training"
WORK_PRACTICE = "work_practice"
SUBSIDISED = "subsidised_employment"
EMPLOYMENT = "employment"

# Municipality codes (kommunkod).
LINKOPING, NORRKOPING, MOTALA, MJOLBY, KINDA, ATVIDABERG = "0580", "0581", "0583", "0586", "0513", "0561"


def _employer(key: str, name: str, org_number: str, sector: str, csr_partner: bool) -> dict[str, Any]:
    return {"key": key, "name": name, "org_number": org_number, "sector": sector, "csr_partner": csr_partner}


def _workplace(key: str, employer: str, name: str, lat: float, lon: float, municipality_code: str,
               supervisor_capacity: int) -> dict[str, Any]:
    return {"key": key, "employer": employer, "name": name, "latitude": lat, "longitude": lon,
            "municipality_code": municipality_code, "supervisor_capacity": supervisor_capacity}


def _need(key: str, workplace: str, title: str, description: str, tasks: list[tuple[str, str]], *,
          slots: int, hours: tuple[int, int], types: list[str], adaptations: list[str], skills: list[str],
          swedish: str, licence: bool = False) -> dict[str, Any]:
    return {"key": key, "workplace": workplace, "title": title, "description": description,
            "tasks": [{"title": t, "description": d} for t, d in tasks],
            "slots": slots, "hours_min": hours[0], "hours_max": hours[1], "placement_types": types,
            "adaptations_offered": adaptations, "skills": skills, "swedish_level_required": swedish,
            "driving_licence_required": licence}


def _participant(key: str, name: str, home: tuple[float, float], *, max_km: float, hours: int, types: list[str],
                 goals: str, interests: str, experience: str, skills: list[str], swedish: str,
                 licence: bool = False, needs: tuple[tuple[str, bool], ...] = (),
                 excluded: tuple[str, ...] = (), consent: bool = True) -> dict[str, Any]:
    return {"key": key, "display_name": name, "latitude": home[0], "longitude": home[1],
            "max_travel_km": max_km, "hours_max": hours, "placement_types": types,
            "goals": goals, "interests": interests, "experience": experience, "skills": skills,
            "swedish_level": swedish, "driving_licence": licence,
            "adaptation_needs": [{"tag": t, "required": r} for t, r in needs],
            "excluded_employers": list(excluded), "consent": consent}


EMPLOYERS = [
    _employer("E-lingonet", "Restaurang Lingonet AB", "556812-3417", "private", True),
    _employer("E-strommen", "Kafé & Återbruk Strömmen ek. för.", "769634-2158", "nonprofit", False),
    _employer("E-lagerlogistik", "Östgöta Lagerlogistik AB", "556734-9021", "private", True),
    _employer("E-vattern", "Vätterstrandens Städservice AB", "556901-2734", "private", False),
    _employer("E-kisatradgard", "Kisa Handelsträdgård AB", "556688-4101", "private", False),
    _employer("E-mjolbypark", "Mjölby Park & Miljö AB", "556744-5613", "public", False),
    _employer("E-solglantan", "Solgläntan Omsorg AB", "556977-2386", "private", True),
    _employer("E-atervinning", "Östgöta Återvinning AB", "556823-9072", "public", False),
    _employer("E-biblioteket", "Stångådalens Bibliotek och Arkiv", "222000-7310", "public", False),
    _employer("E-bilvard", "Ingelsta Bilvård AB", "556745-3187", "private", False),
    _employer("E-atvidlivs", "Åtvidabergs Livs AB", "556690-1244", "private", False),
]

WORKPLACES = [
    _workplace("W-lingonet", "E-lingonet", "Lingonet, Ågatan Linköping", 58.4115, 15.6240, LINKOPING, 2),
    _workplace("W-strommen", "E-strommen", "Strömmen, Industrilandskapet Norrköping", 58.5915, 16.1830, NORRKOPING, 3),
    _workplace("W-lager-handelo", "E-lagerlogistik", "E-handelslagret Händelö", 58.6050, 16.2450, NORRKOPING, 3),
    _workplace("W-lager-tornby", "E-lagerlogistik", "Centrallagret Tornby", 58.4350, 15.5870, LINKOPING, 2),
    _workplace("W-vattern-motala", "E-vattern", "Städcentralen Motala", 58.5385, 15.0420, MOTALA, 2),
    _workplace("W-kisa", "E-kisatradgard", "Handelsträdgården Kisa", 57.9905, 15.6290, KINDA, 2),
    _workplace("W-mjolbypark", "E-mjolbypark", "Parkdepån Mjölby", 58.3180, 15.1420, MJOLBY, 2),
    _workplace("W-solglantan-motala", "E-solglantan", "Solgläntans äldreboende Motala", 58.5310, 15.0280, MOTALA, 2),
    _workplace("W-solglantan-atvid", "E-solglantan", "Solgläntans hemtjänst Åtvidaberg", 58.2000, 16.0060, ATVIDABERG, 1),
    _workplace("W-avc", "E-atervinning", "Återvinningscentralen Norrköping", 58.5680, 16.1520, NORRKOPING, 3),
    _workplace("W-biblioteket", "E-biblioteket", "Stadsbiblioteket och arkivet Linköping", 58.4100, 15.6180, LINKOPING, 2),
    _workplace("W-bilvard", "E-bilvard", "Ingelsta Bilvård", 58.5740, 16.2330, NORRKOPING, 2),
    _workplace("W-atvidlivs", "E-atvidlivs", "Åtvidabergs Livs, centrum", 58.2035, 15.9990, ATVIDABERG, 1),
]

NEEDS = [
    _need("N-kok-lingonet", "W-lingonet", "Köksbiträde i lunchrestaurang",
          "Lunchrestaurang med dagens rätt och salladsbuffé för omkring 150 gäster om dagen. Vi vill frigöra "
          "kockarnas tid från disk och förberedelser.",
          [("Disk", "Sköta diskmaskinen, sortera bestick och ställa tillbaka rent porslin."),
           ("Skala och skära grönsaker", "Förbereda grönsaker till sallader och varmrätter enligt kockens lista."),
           ("Fylla på salladsbuffén", "Hålla buffén påfylld och snygg under lunchrusningen.")],
          slots=2, hours=(15, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED],
          adaptations=["written_instructions", "mentor_supervisor", "reduced_hours", "step_up_hours",
                       "language_support", "near_public_transport"],
          skills=["Disk", "Livsmedelshygien", "Kallskänk"], swedish="basic"),
    _need("N-kok-strommen", "W-strommen", "Kafébiträde",
          "Arbetsintegrerande kafé i Industrilandskapet med frukost, fikabröd och enklare luncher.",
          [("Baka bullar och kakor", "Baka kanelbullar, kakor och matbröd enligt kafeets recept."),
           ("Bre smörgåsar", "Göra i ordning smörgåsar och fikafat inför öppning."),
           ("Duka av och torka bord", "Plocka undan disk och hålla serveringen ren.")],
          slots=1, hours=(10, 25), types=[WORK_TRAINING, WORK_PRACTICE],
          adaptations=["flexible_start", "frequent_breaks", "written_instructions", "mentor_supervisor",
                       "reduced_hours", "step_up_hours", "gradual_introduction", "near_public_transport",
                       "language_support"],
          skills=["Bakning", "Kafé", "Livsmedelshygien"], swedish="basic"),
    _need("N-butik-strommen", "W-strommen", "Medarbetare i second hand-butik",
          "Second hand-butik som säljer skänkta kläder, husgeråd och böcker. Överskottet går till "
          "föreningens verksamhet.",
          [("Ta emot och sortera gåvor", "Gå igenom skänkta kläder och saker, sortera ut det som går att sälja."),
           ("Prismärka varor", "Sätta pris på varor enligt prislistan och märka dem."),
           ("Skylta i butiken", "Ställa i ordning hyllor och klädställningar och byta skyltning.")],
          slots=1, hours=(10, 30), types=[WORK_TRAINING, WORK_PRACTICE],
          adaptations=["no_customer_contact", "frequent_breaks", "written_instructions", "mentor_supervisor",
                       "flexible_start", "reduced_hours", "step_up_hours", "gradual_introduction",
                       "near_public_transport"],
          skills=["Sortering", "Prismärkning", "Butik"], swedish="basic"),
    _need("N-lager-handelo", "W-lager-handelo", "Lagermedarbetare orderplock",
          "E-handelslager på Händelö som skickar sport- och fritidsprodukter till butiker och privatpersoner.",
          [("Plocka varor", "Plocka varor från hyllorna enligt plocklistan i handdatorn."),
           ("Packa paket", "Packa order i kartonger och sätta på fraktsedlar."),
           ("Plasta in pallar", "Stapla kartonger på pall och plasta in inför utlastning.")],
          slots=2, hours=(20, 40), types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["written_instructions", "mentor_supervisor", "language_support", "step_up_hours",
                       "near_public_transport", "no_customer_contact", "structured_tasks"],
          skills=["Orderplock", "Packning", "Handdator"], swedish="basic"),
    _need("N-lager-tornby", "W-lager-tornby", "Medarbetare returhantering",
          "Centrallager i Tornby som tar emot returer från butiker i hela regionen.",
          [("Öppna och kontrollera returer", "Öppna returpaket och kontrollera att varorna är hela och kompletta."),
           ("Registrera returer", "Registrera varje retur i lagersystemet vid ett eget bord."),
           ("Lägga tillbaka varor", "Ställa hela varor tillbaka på rätt hyllplats.")],
          slots=1, hours=(10, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED],
          adaptations=["quiet_environment", "no_customer_contact", "structured_tasks", "written_instructions",
                       "no_heavy_lifting", "seated_work", "reduced_hours", "step_up_hours", "mentor_supervisor",
                       "accessible_premises"],
          skills=["Returhantering", "Datorvana", "Noggrannhet"], swedish="good"),
    _need("N-stad-motala", "W-vattern-motala", "Lokalvårdare kontor",
          "Städföretag med avtal på kontor och skolor i Motala. Vi städar tidig morgon och sen eftermiddag.",
          [("Tömma papperskorgar", "Tömma papperskorgar och återvinningskärl på kontoren."),
           ("Dammtorka", "Dammtorka skrivbord, fönsterbänkar och hyllor."),
           ("Moppa golv", "Moppa golv med städvagn enligt städschemat.")],
          slots=2, hours=(10, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["no_customer_contact", "written_instructions", "mentor_supervisor", "frequent_breaks",
                       "reduced_hours", "step_up_hours", "structured_tasks", "quiet_environment"],
          skills=["Lokalvård", "Städmaskiner"], swedish="basic"),
    _need("N-gron-kisa", "W-kisa", "Medarbetare i växthus och odling",
          "Handelsträdgård utanför Kisa som odlar sommarblommor, kryddor och grönsaksplantor för "
          "försäljning i den egna gårdsbutiken.",
          [("Skola om plantor", "Flytta småplantor till större krukor vid planteringsbänken."),
           ("Vattna och gödsla", "Vattna och gödsla i växthusen enligt schema."),
           ("Rensa ogräs", "Rensa ogräs i friland och mellan bänkarna.")],
          slots=2, hours=(10, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED],
          adaptations=["quiet_environment", "no_customer_contact", "flexible_start", "frequent_breaks",
                       "reduced_hours", "step_up_hours", "gradual_introduction", "mentor_supervisor",
                       "written_instructions", "seated_work", "language_support"],
          skills=["Odling", "Växtskötsel"], swedish="none"),
    _need("N-gron-mjolby", "W-mjolbypark", "Parkarbetare säsong",
          "Kommunalt bolag som sköter parker, lekplatser och grönområden i Mjölby och Skänninge.",
          [("Plocka skräp i parker", "Plocka skräp och tömma papperskorgar längs gångvägar och i parker."),
           ("Kratta och rensa rabatter", "Kratta löv och rensa rabatter i stadsparken."),
           ("Klippa gräs", "Klippa gräsytor med åkgräsklippare.")],
          slots=1, hours=(20, 40), types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["written_instructions", "mentor_supervisor", "language_support", "no_customer_contact",
                       "near_public_transport"],
          skills=["Grönyteskötsel", "Trädgårdsmaskiner"], swedish="basic"),
    _need("N-aldre-motala", "W-solglantan-motala", "Servicevärd på äldreboende",
          "Äldreboende med 40 lägenheter. Servicevärden avlastar omsorgspersonalen med måltider, tvätt och "
          "aktiviteter, inte med omvårdnad.",
          [("Duka och servera", "Duka och servera frukost och lunch i matsalen."),
           ("Sköta textilier", "Hämta, vika och lägga in tvätt och textilier."),
           ("Aktiviteter med boende", "Följa med på promenader, läsa tidningen högt och hålla i bingo.")],
          slots=1, hours=(15, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED],
          adaptations=["reduced_hours", "step_up_hours", "mentor_supervisor", "written_instructions",
                       "flexible_start", "gradual_introduction", "accessible_premises", "near_public_transport"],
          skills=["Service", "Bemötande", "Måltidsservice"], swedish="good"),
    _need("N-aldre-atvid", "W-solglantan-atvid", "Matdistribution och inköp i hemtjänsten",
          "Hemtjänstgrupp i Åtvidaberg som kör ut matlådor och handlar åt äldre som bor hemma.",
          [("Köra ut matlådor", "Köra ut matlådor med tjänstebil enligt körlistan."),
           ("Handla dagligvaror", "Handla enligt de äldres inköpslistor och lämna varorna."),
           ("Packa kylväskor", "Packa kylväskor inför rundan.")],
          slots=1, hours=(20, 30), types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["written_instructions", "mentor_supervisor", "structured_tasks"],
          skills=["B-körkort", "Service"], swedish="good", licence=True),
    _need("N-atervinning-avc", "W-avc", "Medarbetare återvinningscentral",
          "Återvinningscentral som tar emot grovavfall, farligt avfall och elektronik från hushåll.",
          [("Visa rätt container", "Visa besökarna vilken container avfallet ska i."),
           ("Ta emot grovavfall och elektronik", "Ta emot och sortera elektronik, lampor och grovavfall."),
           ("Hålla ordning på planen", "Sopa och hålla ordning mellan containrarna.")],
          slots=2, hours=(15, 40), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["written_instructions", "mentor_supervisor", "language_support", "frequent_breaks",
                       "reduced_hours", "step_up_hours", "near_public_transport"],
          skills=["Avfallshantering", "Sortering", "Kundbemötande"], swedish="basic"),
    _need("N-bibl-linkoping", "W-biblioteket", "Biblioteksmedarbetare",
          "Stadsbiblioteket behöver hjälp med mediehanteringen bakom disken.",
          [("Ställa upp böcker", "Ställa upp återlämnade böcker på rätt hylla."),
           ("Plasta in och märka", "Plasta in och märka nya böcker och tidskrifter."),
           ("Packa boklådor", "Packa boklådor till filialer och till äldreboenden.")],
          slots=1, hours=(10, 25), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED],
          adaptations=["quiet_environment", "no_customer_contact", "written_instructions", "structured_tasks",
                       "flexible_start", "reduced_hours", "step_up_hours", "accessible_premises",
                       "near_public_transport", "own_workspace", "seated_work"],
          skills=["Mediehantering", "Hylluppställning"], swedish="good"),
    _need("N-kontor-linkoping", "W-biblioteket", "Kontorsassistent post och skanning",
          "Arkivet tar emot post till förbundet och digitaliserar äldre handlingar.",
          [("Sortera internpost", "Öppna, sortera och dela ut internpost."),
           ("Skanna handlingar", "Skanna handlingar och kontrollera att bilderna blir läsbara."),
           ("Registrera dokument", "Registrera skannade dokument i arkivsystemet.")],
          slots=1, hours=(10, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED],
          adaptations=["quiet_environment", "own_workspace", "seated_work", "written_instructions",
                       "structured_tasks", "no_customer_contact", "flexible_start", "reduced_hours",
                       "step_up_hours", "accessible_premises", "near_public_transport"],
          skills=["Skanning", "Dokumenthantering", "Datorvana"], swedish="good"),
    _need("N-fordon-bilvard", "W-bilvard", "Biltvättare och rekond",
          "Bilvård med handtvätt, invändig rekond och däckhotell för privatkunder och bilhandlare.",
          [("Handtvätta bilar", "Tvätta bilar för hand med svamp och högtryckstvätt."),
           ("Invändig rengöring", "Dammsuga och torka av inredningen i bilarna."),
           ("Fälgtvätt", "Tvätta fälgar och däck.")],
          slots=1, hours=(20, 40), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["written_instructions", "mentor_supervisor", "no_customer_contact", "language_support",
                       "step_up_hours"],
          skills=["Biltvätt", "Rekond"], swedish="basic"),
    _need("N-fordon-dack", "W-bilvard", "Säsongshjälp däckhotell",
          "Under däcksäsongen hämtar vi kundernas hjul från däckhotellet och tvättar dem inför förvaring.",
          [("Hämta hjul", "Hämta och ställa fram hjul från däckhotellet."),
           ("Tvätta och märka hjul", "Tvätta hjul och märka dem inför förvaring."),
           ("Flytta kundbilar", "Köra kundbilar in och ut ur verkstaden.")],
          slots=2, hours=(20, 40), types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["written_instructions", "mentor_supervisor", "language_support"],
          skills=["Däckhantering", "B-körkort"], swedish="basic", licence=True),
    _need("N-butik-atvidlivs", "W-atvidlivs", "Butiksmedarbetare varupåfyllning",
          "Livsmedelsbutik i centrala Åtvidaberg med eget bageri och pantmottagning.",
          [("Fylla på varor", "Fylla på mejeri- och kylvaror i butiken."),
           ("Datumkontroll", "Kontrollera bäst före-datum och plocka bort gamla varor."),
           ("Sköta pantmaskinen", "Tömma pantmaskinen och sortera backar.")],
          slots=1, hours=(15, 30), types=[WORK_TRAINING, WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
          adaptations=["flexible_start", "written_instructions", "mentor_supervisor", "step_up_hours",
                       "reduced_hours", "frequent_breaks", "language_support"],
          skills=["Varupåfyllning", "Butik", "Datumkontroll"], swedish="basic"),
]

# Approximate home areas (participants' homes are coarse on purpose).
_LKP_C, _LKP_BERGA, _LKP_SKAGGE, _LKP_RYD, _LKP_LAMBO, _LKP_EKHOLM = (
    (58.4108, 15.6214), (58.3930, 15.6330), (58.4290, 15.5850), (58.4030, 15.5690), (58.3870, 15.5660),
    (58.3900, 15.6000))
_NKP_C, _NKP_HAGEBY, _NKP_NAVESTAD = (58.5877, 16.1924), (58.5620, 16.1630), (58.5730, 16.2270)
_MJOLBY, _SKANNINGE, _MANTORP = (58.3236, 15.1286), (58.3953, 15.0866), (58.3500, 15.2870)
_MOTALA, _BORENSBERG, _VADSTENA = (58.5371, 15.0365), (58.5634, 15.2837), (58.4480, 14.8900)
_KISA, _RIMFORSA, _OSTERBYMO = (57.9870, 15.6330), (58.1350, 15.6830), (57.8247, 15.2757)
_ATVID, _VALDEMARSVIK, _SODERKOPING, _FINSPANG = (58.2019, 16.0020), (58.2031, 16.6024), (58.4806, 16.3237), (58.7059, 15.7674)

PARTICIPANTS = [
    # Kitchen and café
    _participant("P-01", "Samira H.", _LKP_BERGA, max_km=15, hours=25, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Komma tillbaka till ett arbete där jag får laga mat, och på sikt en anställning.",
                 interests="Lagar gärna mat till stora sällskap och har hand om maten när släkten träffas. "
                           "Tycker om när det går undan och många ska äta samtidigt.",
                 experience="Hjälpte till i köket på en familjerestaurang i Aleppo i flera år. Har gått en kurs "
                            "i livsmedelshantering.",
                 skills=["matlagning", "hygienrutiner"], swedish="basic",
                 needs=(("written_instructions", False),)),
    _participant("P-02", "Jonas B.", _NKP_C, max_km=10, hours=20, types=[WORK_TRAINING],
                 goals="Ha något att gå till på dagarna och pröva om ett vanligt jobb fungerar för mig.",
                 interests="Bakar surdegsbröd hemma och provar gärna nya varianter av kanelbullar. Gillar "
                           "doften av nybakat.",
                 experience="Har stått i kiosken på fotbollsklubbens hemmamatcher, kokat kaffe och sålt fika.",
                 skills=["surdegsbak", "kaffekokning"], swedish="fluent",
                 needs=(("step_up_hours", True), ("frequent_breaks", False))),
    _participant("P-03", "Abdi M.", _LKP_SKAGGE, max_km=12, hours=40, types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
                 goals="En fast anställning i ett storkök eller på en restaurang.",
                 interests="Vill jobba där det är fart och där man är ett lag. Tycker om ordning och reda "
                           "bland kastruller och råvaror.",
                 experience="Diskade och förberedde råvaror på ett hotell i Stockholm under två somrar.",
                 skills=["storkök", "råvaruhantering", "teamarbete"], swedish="basic"),
    _participant("P-04", "Lina K.", _MJOLBY, max_km=40, hours=15, types=[WORK_TRAINING],
                 goals="Komma igång i lugn takt och bygga upp min arbetsdag.",
                 interests="Dekorerar tårtor och gör smörgåstårtor till kalas hos vänner.",
                 experience="Praktik på ett konditori under restaurangprogrammet på gymnasiet.",
                 skills=["tårtdekoration", "konditori"], swedish="fluent",
                 needs=(("quiet_environment", True),)),
    _participant("P-05", "Tesfay G.", _NKP_HAGEBY, max_km=15, hours=30, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Lära mig mer svenska på en arbetsplats och få ett jobb inom mat.",
                 interests="Har alltid trivts vid spisen och lagade injera och grytor åt hela korridoren där "
                           "jag bodde.",
                 experience="Kökshjälp på ett boende, skalade potatis och skurade kastruller.",
                 skills=["matlagning", "grovdisk"], swedish="none",
                 needs=(("language_support", True),)),
    # Shop
    _participant("P-06", "Maria S.", _ATVID, max_km=20, hours=30, types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
                 goals="Få ett jobb i en affär på hemorten.",
                 interests="Tycker om när hyllorna ser prydliga ut och rättar till varor när jag själv handlar.",
                 experience="Extrajobb på en bensinmack med kassa och uppackning av leveranser.",
                 skills=["kassa", "uppackning"], swedish="fluent", licence=True),
    _participant("P-07", "Emir D.", _NKP_NAVESTAD, max_km=10, hours=20, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Arbeta med begagnat och kanske starta något eget en dag.",
                 interests="Går på loppis varje helg och har koll på märkeskläder och vad saker är värda.",
                 experience="Sålde begagnade kläder och skor via nätet i två år.",
                 skills=["värdering", "klädvård"], swedish="good",
                 needs=(("no_customer_contact", True),)),
    _participant("P-08", "Sofia N.", _LKP_RYD, max_km=20, hours=20, types=[WORK_TRAINING],
                 goals="Hitta tillbaka till en arbetsrytm.",
                 interests="Gillar mode och att hitta nya kombinationer av plagg.",
                 experience="Volontär i en insamlingsbutik i två år.",
                 skills=["kundservice", "skyltning"], swedish="good", consent=False),
    _participant("P-09", "Karim A.", _ATVID, max_km=15, hours=10, types=[WORK_TRAINING],
                 goals="Börja med några timmar i veckan nära hemmet.",
                 interests="Vet var allt finns i mataffären och hjälper grannarna att handla.",
                 experience="Packade kassar i en matbutik som feriejobb.",
                 skills=["kassapackning", "ordning"], swedish="basic"),
    _participant("P-10", "Valentina R.", _VALDEMARSVIK, max_km=40, hours=30, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett jobb i handeln igen, som i Polen.",
                 interests="Tycker om att planera och ordna, och om att möta människor över disken.",
                 experience="Butiksbiträde i en skobutik i Polen i fem år, med ansvar för lagret.",
                 skills=["försäljning", "lagerhållning"], swedish="basic", licence=True),
    # Warehouse
    _participant("P-11", "Ahmed Y.", _NKP_NAVESTAD, max_km=15, hours=40, types=[SUBSIDISED, EMPLOYMENT],
                 goals="Heltidsjobb med fysiskt arbete.",
                 interests="Tycker om att räkna ut smarta sätt att lasta så att allt får plats.",
                 experience="Körde truck och lastade containrar i en hamn i Mogadishu. Har truckkort.",
                 skills=["truck", "lastning", "lagerarbete"], swedish="basic", licence=True),
    _participant("P-12", "Petra L.", _LKP_LAMBO, max_km=15, hours=20, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Pröva ett arbete där noggrannhet räknas.",
                 interests="Gillar att kontrollera saker ordentligt och att allt hamnar där det ska.",
                 experience="Arbetade med inventering och varuexponering i en järnhandel.",
                 skills=["inventering", "noggrannhet", "dator"], swedish="fluent",
                 needs=(("no_heavy_lifting", True), ("quiet_environment", False))),
    _participant("P-13", "Mohammed R.", _LKP_SKAGGE, max_km=20, hours=40, types=[EMPLOYMENT],
                 goals="En anställning, gärna med skift.",
                 interests="Gillar dagar med tydliga mål och att se högen med försändelser minska.",
                 experience="Sorterade försändelser nattetid på en postterminal.",
                 skills=["paketsortering", "skiftarbete"], swedish="basic",
                 excluded=("E-lagerlogistik",)),
    _participant("P-14", "Nora Ö.", _OSTERBYMO, max_km=35, hours=30, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Få erfarenhet från en riktig arbetsplats trots att jag bor på landet.",
                 interests="Skötte beställningar och utskick åt min mammas webbshop.",
                 experience="Packade och skickade beställningar för en liten e-handel med garn.",
                 skills=["utskick", "webbshop"], swedish="good"),
    _participant("P-15", "Dragan P.", _NKP_HAGEBY, max_km=25, hours=35, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Tillbaka till lagerarbete.",
                 interests="Gillar ordning och att jobba i eget tempo med tydliga uppgifter.",
                 experience="Tog emot leveranser och ställde upp lastpallar på ett byggvaruhus.",
                 skills=["varumottagning", "pallhantering"], swedish="good", licence=True, consent=False),
    # Cleaning
    _participant("P-16", "Fatuma I.", _MOTALA, max_km=10, hours=25, types=[WORK_TRAINING, WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett eget jobb med egen lön.",
                 interests="Tycker om när det blir skinande rent och gillar att börja tidigt innan andra kommer.",
                 experience="Städade hotellrum i Nairobi och har varit timanställd hos en städfirma.",
                 skills=["hotellstädning", "städkemikalier"], swedish="basic"),
    _participant("P-17", "Patrik J.", _MOTALA, max_km=15, hours=20, types=[WORK_TRAINING],
                 goals="Ha fasta rutiner och något meningsfullt att göra.",
                 interests="Vill ha samma ordning varje dag och jobbar helst själv i lugn takt.",
                 experience="Har skött städningen av bostadsrättsföreningens samlingslokal i flera år.",
                 skills=["städrutiner", "självständighet"], swedish="fluent",
                 needs=(("no_customer_contact", True), ("structured_tasks", True))),
    _participant("P-18", "Ewa M.", _VADSTENA, max_km=30, hours=30, types=[SUBSIDISED, EMPLOYMENT],
                 goals="En anställning inom städ, som jag hade förut.",
                 interests="Gillar att det syns vad man har gjort när man går hem.",
                 experience="Lokalvårdare på ett stort sjukhus i Gdańsk i tio år.",
                 skills=["lokalvård", "golvvård"], swedish="basic"),
    _participant("P-19", "Yasmin F.", _LKP_C, max_km=15, hours=30, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett jobb i Linköping där jag får göra fint.",
                 interests="Tycker om att organisera och hjälper gärna vänner med flyttstädning.",
                 experience="Har haft RUT-jobb med hemstädning i ett halvår.",
                 skills=["hemstädning", "fönsterputs"], swedish="good"),
    # Greenhouse and parks
    _participant("P-20", "Erik W.", _KISA, max_km=20, hours=20, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Arbeta med det jag redan håller på med hemma.",
                 interests="Har en stor köksträdgård och drar upp tomater och chili från frö varje vår.",
                 experience="Hjälpte till på en gård med potatisupptagning och bärbuskar.",
                 skills=["sådd", "köksträdgård"], swedish="fluent",
                 needs=(("flexible_start", True), ("frequent_breaks", False))),
    _participant("P-21", "Hawa S.", _RIMFORSA, max_km=25, hours=15, types=[WORK_TRAINING],
                 goals="Vara ute och lära mig svenska samtidigt.",
                 interests="Trivs bäst utomhus med händerna i jorden.",
                 experience="Odlade grönsaker och majs på familjens jordbruk i Somalia.",
                 skills=["jordbruk", "bevattning"], swedish="none"),
    _participant("P-22", "Viktor E.", _SKANNINGE, max_km=20, hours=40, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett utejobb på heltid.",
                 interests="Tycker om maskiner och att vara ute i alla väder.",
                 experience="Röjde sly och slog gräs åt en vägförening under flera somrar.",
                 skills=["röjsåg", "åkgräsklippare"], swedish="good", licence=True),
    _participant("P-23", "Leila T.", _LKP_EKHOLM, max_km=10, hours=20, types=[WORK_TRAINING],
                 goals="Pröva på att jobba med växter.",
                 interests="Har balkongodling och läser allt jag hittar om perenner.",
                 experience="Planterade och vattnade i bostadsområdets gemensamma odlingslotter.",
                 skills=["växtkunskap", "plantering"], swedish="good"),
    _participant("P-24", "Oskar H.", _MANTORP, max_km=25, hours=30, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett jobb i naturen.",
                 interests="Älskar att vara i skogen och plocka svamp.",
                 experience="Packade plantor inför försäljning på en plantskola.",
                 skills=["plantskola", "packning"], swedish="fluent", licence=True, consent=False),
    # Elderly care, service tasks
    _participant("P-25", "Birgitta L.", _MOTALA, max_km=10, hours=25, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Göra något för andra människor igen.",
                 interests="Tycker om att prata med äldre och höra deras berättelser. Gillar att duka fint.",
                 experience="Har serverat på bröllop och minnesstunder i församlingshemmet.",
                 skills=["servering", "bemötande"], swedish="fluent"),
    _participant("P-26", "Hassan K.", _ATVID, max_km=20, hours=30, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Göra nytta för de äldre i kommunen.",
                 interests="Vill vara ute bland folk och hjälpa till med praktiska saker.",
                 experience="Har hjälpt en äldre granne med ärenden och inköp i flera år.",
                 skills=["ärenden", "hjälpsamhet"], swedish="good"),
    _participant("P-27", "Anneli R.", _BORENSBERG, max_km=25, hours=10, types=[WORK_TRAINING],
                 goals="Några timmar i veckan med sällskap.",
                 interests="Läser gärna högt och spelar sällskapsspel.",
                 experience="Var med i en besöksgrupp som fikade med de boende på ett servicehus.",
                 skills=["högläsning", "sällskapsspel"], swedish="fluent"),
    _participant("P-28", "Goran V.", _ATVID, max_km=15, hours=30, types=[WORK_PRACTICE, SUBSIDISED],
                 goals="Ett jobb med egen runda och eget ansvar.",
                 interests="Kör gärna bil och vill ha något eget att ansvara för.",
                 experience="Körde ut morgontidningar med bil i tre år.",
                 skills=["bilkörning", "punktlighet"], swedish="good", licence=True),
    # Recycling
    _participant("P-29", "Ali N.", _NKP_C, max_km=15, hours=40, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett jobb som är bra för miljön.",
                 interests="Blir glad när saker får nytt liv i stället för att slängas.",
                 experience="Tog isär gamla datorer och sålde delarna i en mobilverkstad.",
                 skills=["elektronik", "demontering"], swedish="basic"),
    _participant("P-30", "Stina B.", _SODERKOPING, max_km=25, hours=20, types=[WORK_TRAINING],
                 goals="Komma ut och göra något praktiskt.",
                 interests="Källsorterar allt hemma och vet var varje sak ska.",
                 experience="Volontär på skräpplockardagar och på föreningens loppis.",
                 skills=["källsortering", "ordning"], swedish="fluent"),
    _participant("P-31", "Robel T.", _FINSPANG, max_km=15, hours=30, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Jobba med att laga saker.",
                 interests="Fixar cyklar som andra har slängt.",
                 experience="Har arbetat i en verkstad som reparerade skänkta cyklar.",
                 skills=["cykelreparation", "verktyg"], swedish="basic", consent=False),
    _participant("P-32", "Jessica A.", _NKP_C, max_km=15, hours=25, types=[EMPLOYMENT],
                 goals="En anställning där jag får hjälpa folk att slänga mindre.",
                 interests="Brinner för återbruk och hållbarhet.",
                 experience="Sorterade kläder och skor från insamlingscontainrar.",
                 skills=["textilsortering", "hållbarhet"], swedish="good"),
    # Library and office
    _participant("P-33", "Elias F.", _LKP_RYD, max_km=10, hours=20, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Arbeta i en lugn miljö med text och ordning.",
                 interests="Läser mycket fantasy och katalogiserar min egen boksamling i ett kalkylark.",
                 experience="Sorterade och ställde i ordning böcker i ett antikvariat under en praktik.",
                 skills=["katalogisering", "kalkylark", "noggrannhet"], swedish="fluent",
                 needs=(("quiet_environment", True), ("own_workspace", False))),
    _participant("P-34", "Zahra M.", _LKP_C, max_km=8, hours=30, types=[WORK_PRACTICE],
                 goals="Använda min erfarenhet av administration i Sverige.",
                 interests="Tycker om att hålla ordning på papper och pärmar.",
                 experience="Administratör på ett företag i Kabul med ansvar för arkiv och fakturor.",
                 skills=["administration", "arkivering", "dari"], swedish="none"),
    _participant("P-35", "Fredrik N.", _LKP_BERGA, max_km=15, hours=15, types=[WORK_TRAINING],
                 goals="Pröva kontorsarbete några timmar om dagen.",
                 interests="Gillar datorer och att få ordning på digitala filer.",
                 experience="Digitaliserade gamla foton och protokoll åt en hembygdsförening.",
                 skills=["digitalisering", "datorvana"], swedish="fluent",
                 needs=(("reduced_hours", True), ("seated_work", True))),
    _participant("P-36", "Amina J.", _NKP_HAGEBY, max_km=12, hours=25, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Arbeta med böcker och barn.",
                 interests="Tycker om att läsa för barn och ordna sagostunder.",
                 experience="Volontär i läxhjälpen i stadsdelen.",
                 skills=["läxhjälp", "högläsning"], swedish="good", consent=False),
    # Vehicle care
    _participant("P-37", "Mattias G.", _NKP_C, max_km=15, hours=40, types=[WORK_PRACTICE, EMPLOYMENT],
                 goals="Ett heltidsjobb med bilar.",
                 interests="Är bilintresserad och putsar min egen bil varje helg tills den glänser.",
                 experience="Gjorde i ordning begagnade bilar inför försäljning hos en bilhandlare.",
                 skills=["polering", "bilhandel", "B-körkort"], swedish="good", licence=True),
    _participant("P-38", "Daniel O.", _NKP_NAVESTAD, max_km=20, hours=30, types=[WORK_TRAINING, WORK_PRACTICE],
                 goals="Komma in i fordonsbranschen.",
                 interests="Har skruvat på mopeder och motorcyklar sedan jag var tolv.",
                 experience="Hjälpte en kompis med däck och oljebyten i hans garage.",
                 skills=["mopedmek", "skruvande"], swedish="basic"),
    _participant("P-39", "Rasmus K.", _LKP_SKAGGE, max_km=15, hours=25, types=[WORK_TRAINING],
                 goals="Börja arbeta med något praktiskt.",
                 interests="Gillar att vårda fordon, både bilar och båtar.",
                 experience="Tog hand om båtarna i en småbåtshamn under somrarna.",
                 skills=["båtvård", "praktiskt arbete"], swedish="fluent",
                 needs=(("quiet_environment", True),)),
    _participant("P-40", "Yonas H.", _NKP_NAVESTAD, max_km=10, hours=35, types=[WORK_PRACTICE, SUBSIDISED, EMPLOYMENT],
                 goals="Ett jobb där jag kan använda händerna och lära mig språket.",
                 interests="Tycker om motorer och att se resultat direkt.",
                 experience="Tvättade personbilar och lastbilar på en tvätthall i Asmara.",
                 skills=["högtryckstvätt", "lastbilar"], swedish="none", licence=True),
]

USERS = [
    {"email": "admin@demo.vta.se", "password": "demo-admin-2026", "role": "admin", "employer": None},
    {"email": "koordinator.linkoping@demo.vta.se", "password": "demo-coordinator-2026", "role": "coordinator",
     "employer": None},
    {"email": "koordinator.norrkoping@demo.vta.se", "password": "demo-coordinator-2026", "role": "coordinator",
     "employer": None},
    {"email": "lingonet@demo.vta.se", "password": "demo-employer-2026", "role": "employer", "employer": "E-lingonet"},
    {"email": "lagerlogistik@demo.vta.se", "password": "demo-employer-2026", "role": "employer",
     "employer": "E-lagerlogistik"},
    {"email": "csr.solglantan@demo.vta.se", "password": "demo-csr-2026", "role": "csr", "employer": "E-solglantan"},
]

_NEED_DOMAIN = {
    "N-kok-lingonet": "kitchen", "N-kok-strommen": "kitchen",
    "N-butik-strommen": "shop", "N-butik-atvidlivs": "shop",
    "N-lager-handelo": "warehouse", "N-lager-tornby": "warehouse",
    "N-stad-motala": "cleaning",
    "N-gron-kisa": "green", "N-gron-mjolby": "green",
    "N-aldre-motala": "elderly_service", "N-aldre-atvid": "elderly_service",
    "N-atervinning-avc": "recycling",
    "N-bibl-linkoping": "library_office", "N-kontor-linkoping": "library_office",
    "N-fordon-bilvard": "vehicle_care", "N-fordon-dack": "vehicle_care",
}
_PARTICIPANT_DOMAIN_RANGES = [
    ("kitchen", 1, 5), ("shop", 6, 10), ("warehouse", 11, 15), ("cleaning", 16, 19), ("green", 20, 24),
    ("elderly_service", 25, 28), ("recycling", 29, 32), ("library_office", 33, 36), ("vehicle_care", 37, 40),
]
_PARTICIPANT_DOMAIN = {f"P-{i:02d}": d for d, lo, hi in _PARTICIPANT_DOMAIN_RANGES for i in range(lo, hi + 1)}

# The coordinator's employer work (issue 13). Dates are days relative to the day the demo is loaded,
# so "not contacted for 30 days" and "support running out" always have something to show.
EMPLOYER_WORK = {
    "relationships": [
        {"employer": "E-lingonet", "inclusion_stance": "resource",
         "contacts": [{"name": "Maria Lind", "title": "Kökschef", "email": "maria.lind@lingonet.example",
                       "phone": "013-12 34 56"}],
         "interactions": [
             {"kind": "visit", "days_ago": 45, "notes": "Behovsanalys i köket: disk och grönsaksberedning tar "
                                                        "kockarnas tid före lunch."},
             {"kind": "call", "days_ago": 6, "notes": "Stämde av hur introduktionen ska gå till.",
              "next_step": "Boka trepartssamtal inför start", "next_step_due_in": 3}]},
        {"employer": "E-lagerlogistik", "inclusion_stance": "environment_relative",
         "contacts": [{"name": "Johan Ek", "title": "Lagerchef", "email": "johan.ek@lagerlogistik.example"}],
         "interactions": [
             {"kind": "meeting", "days_ago": 12, "notes": "Visade hur returhanteringen kan bli egna uppgifter.",
              "next_step": "Skicka förslag på anpassad returstation", "next_step_due_in": 10}]},
        {"employer": "E-vattern", "inclusion_stance": "burden",
         "contacts": [{"name": "Eva Strand", "title": "Driftansvarig", "phone": "0141-55 66 77"}],
         "interactions": [{"kind": "email", "days_ago": 70, "notes": "Skickade information om lönebidrag."}]},
    ],
    # A placement made the usual way (an approved proposal the employer accepts), with its support.
    "placements": [
        {"participant": "P-01", "need": "N-kok-lingonet", "employer_user": "lingonet@demo.vta.se",
         "start_in_days": 7,
         "support": [
             {"instrument": "SIUS", "decided_by": "af", "status": "granted", "applied_days_ago": 20,
              "valid_from_in": 7, "valid_to_in": 25},
             {"instrument": "WAGE_SUBSIDY_DEVELOPMENT", "decided_by": "af", "status": "applied",
              "applied_days_ago": 5}]},
    ],
    "deviation_reports": [
        {"category": "income_support_gap", "involved_orgs": ["fk", "kommun"],
         "description": "Försörjningsstödet upphörde när arbetsträningen började, men aktivitetsstödet "
                        "betalades ut först sex veckor senare.",
         "suggested_improvement": "Kommunen och FK stämmer av startdatum innan en insats börjar.",
         "moves": ["under_review", "raised"]},
        {"category": "cannot_reach_unit", "involved_orgs": ["af"],
         "description": "Ingen handläggare gick att nå om ett SIUS-beslut under tre veckor.",
         "moves": ["under_review", "raised", "answered", "published"],
         "answer_text": "Arbetsförmedlingen har infört en gemensam funktionsbrevlåda för samverkansfrågor."},
        {"category": "rules_conflict", "involved_orgs": ["af", "region"],
         "description": "Intyg krävdes för att få stöd, men stöd krävdes för att få tid för intyg."},
    ],
    # Needs analysis kept as drafts: a coordinator's walk-through, and one an employer started in the
    # portal for the coordinator to complete. Neither is matched until it is published.
    "drafts": [
        {"workplace": "W-lingonet", "by": None, "title": "Förberedelser före lunch (behovsanalys)",
         "description": "Från genomgången i köket: kockarna hinner inte med disk och grönsaker före lunchen.",
         "tasks": [{"title": "Skölja och diska kastruller", "core": True, "adaptable": True},
                   {"title": "Skala och skära grönsaker", "core": True, "adaptable": True,
                    "description": "Enligt skriftlig lista, i egen takt."},
                   {"title": "Fylla på i salladsbaren", "core": False, "adaptable": False}],
         "hours": [10, 20], "placement_types": ["work_training"], "adaptations_offered": ["written_instructions"],
         "skills": ["Disk"]},
        {"workplace": "W-lager-tornby", "by": "lagerlogistik@demo.vta.se", "title": "Hjälp vid returstationen",
         "description": "Vi vill prova en egen returstation. Koordinatorn hjälper oss att beskriva uppgifterna.",
         "tasks": [{"title": "Öppna och kontrollera returer", "core": True, "adaptable": True}],
         "hours": [15, 30], "placement_types": ["work_practice"], "adaptations_offered": [], "skills": []},
    ],
    # A job ad in the JobSearch format, imported as a draft need with its occupation recognised.
    "imported_ads": [
        {"workplace": "W-vattern-motala",
         "ad": {"id": "demo-ad-1", "headline": "Lokalvårdare till kontor och trapphus",
                "description": {"text": "Vi söker en lokalvårdare till våra kunders kontor i Motala.\n\n"
                                        "Arbetsuppgifter:\n- Dammsuga och våttorka golv\n"
                                        "- Tömma papperskorgar och sortera avfall\n"
                                        "- Rengöra pentry och personalrum\n\nVi söker dig som:\n- Är noggrann\n"},
                "must_have": {"skills": [{"label": "Lokalvård"}]}, "scope_of_work": {"min": 50, "max": 75},
                "number_of_vacancies": 1,
                "workplace_address": {"municipality": "Motala", "municipality_code": "0583", "city": "Motala"}}},
    ],
    # BIP assessments every three months, under the participant's bip_assessment consent.
    "bip_assessments": [
        {"participant": "P-04", "days_ago": 180, "scores": {"job_search_behaviour": 1, "cooperation": 2,
                                                             "belief_in_job": 2, "caseworker_belief": 2}},
        {"participant": "P-04", "days_ago": 90, "scores": {"job_search_behaviour": 2, "cooperation": 3,
                                                            "belief_in_job": 3, "caseworker_belief": 3}},
        {"participant": "P-04", "days_ago": 1, "scores": {"job_search_behaviour": 3, "cooperation": 4,
                                                           "belief_in_job": 3, "caseworker_belief": 4}},
    ],
}

_WORLD: dict[str, Any] = {
    "employers": EMPLOYERS,
    "workplaces": WORKPLACES,
    "needs": NEEDS,
    "participants": PARTICIPANTS,
    "users": USERS,
    "employer_work": EMPLOYER_WORK,
    "truth": {"need_domain": _NEED_DOMAIN, "participant_domain": _PARTICIPANT_DOMAIN},
}


def demo_world() -> dict[str, Any]:
    """The demo world: employers, workplaces, needs, participants, users and truth (a fresh copy)."""
    return copy.deepcopy(_WORLD)


__all__ = ["demo_world"]
