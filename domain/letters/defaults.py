"""The default letter and amendment templates every new firm starts with (editable afterwards).

They follow the blocks of the Ordre's model engagement letter (DOMAIN.md §2f): parties, object and scope
with the professional norm, duration, fees and billing schedule with the SYNTEC indexation clause,
client obligations, general conditions, GDPR and LCB-FT clauses, signatures, and the annex dividing the
tasks between the client and the firm. Variables: domain/letters/variables.py.
"""

from __future__ import annotations

from datetime import datetime

from domain.letters.model import LetterKind, LetterTemplate
from domain.ports import FirmRepositories

DEFAULT_LETTER_NAME = "Lettre de mission (modèle du cabinet)"
DEFAULT_AMENDMENT_NAME = "Avenant (modèle du cabinet)"

_PARTIES = """\
<section class="parties">
  <h2>Entre les soussignés</h2>
  <p><strong>{{ cabinet.nom }}</strong>{% if cabinet.forme_juridique %}, {{ cabinet.forme_juridique }}{% endif %}
  {%- if cabinet.capital %} au capital de {{ cabinet.capital | eur }}{% endif %},
  dont le siège est situé {{ cabinet.adresse or "—" }}{% if cabinet.rcs %}, immatriculée au {{ cabinet.rcs }}{% endif %},
  société d'expertise comptable inscrite au tableau de l'Ordre des experts-comptables
  {%- if cabinet.numero_ordre %} sous le numéro {{ cabinet.numero_ordre }}{% endif %}
  {%- if cabinet.tva %}, numéro de TVA intracommunautaire {{ cabinet.tva }}{% endif %},
  ci-après dénommée « le cabinet »,</p>
  <p class="and">et</p>
  <p><strong>{{ client.nom }}</strong>{% if client.forme_juridique %}, {{ client.forme_juridique }}{% endif %}
  {%- if client.capital %} au capital de {{ client.capital | eur }}{% endif %}
  {%- if client.adresse %}, {% if client.societe %}dont le siège est situé{% else %}demeurant{% endif %} {{ client.adresse }}{% endif %}
  {%- if client.siren %}, SIREN {{ client.siren }}{% endif %},
  {% if client.societe %}représentée par {{ signataire.nom or "son représentant légal" }}, {% endif %}
  ci-après dénommé{% if client.societe %}e{% endif %} « le client ».</p>
</section>
"""

_SIGNATURES = """\
<section class="signatures">
  <p>Fait à {{ cabinet.ville or "—" }}, le {{ lettre.date | day }}, en deux exemplaires
  (ou par signature électronique).</p>
  <table class="signature-blocks">
    <tr>
      <td><strong>Pour le cabinet</strong><br>{{ cabinet.nom }}<br>L'expert-comptable, associé signataire<br>
        <span class="mention">Signature</span></td>
      <td><strong>Pour le client</strong><br>{{ client.nom }}<br>{{ signataire.nom or "Le représentant légal" }}<br>
        <span class="mention">« Lu et approuvé », date et signature</span></td>
    </tr>
  </table>
</section>
"""

DEFAULT_LETTER_BODY = """\
<h1>{{ lettre.titre }}</h1>
<p class="reference">Référence {{ lettre.reference }} — établie le {{ lettre.date | day }}
{%- if lettre.expire_le %} — à retourner signée avant le {{ lettre.expire_le | day }}{% endif %}</p>

""" + _PARTIES + """
<p>Madame, Monsieur,</p>
<p>Nous vous remercions de la confiance que vous nous témoignez. Conformément à l'article 151 du code de
déontologie des professionnels de l'expertise comptable (décret n° 2012-432 du 30 mars 2012), la présente
lettre de mission précise la nature et l'étendue de notre intervention, ainsi que nos droits et obligations
réciproques. Elle est complétée par les conditions générales et l'annexe de répartition des tâches ci-après,
qui en font partie intégrante.</p>

<h2>1. Objet et étendue de la mission</h2>
{% if missions %}
<p>Le client confie au cabinet, pour l'exercice du {{ exercice.debut | day }} au {{ exercice.fin | day }},
les missions suivantes :</p>
{% for mission in missions %}
<h3>1.{{ loop.index }} {{ mission.libelle }}</h3>
<p><em>{{ mission.type }}</em>{% if mission.norme %} — norme professionnelle applicable :
<strong>{{ mission.norme }}</strong>{% endif %}.</p>
{% if mission.perimetre %}<p>{{ mission.perimetre }}</p>{% endif %}
{% if mission.exclusions %}<p class="exclusions">Sont exclus de cette mission : {{ mission.exclusions }}</p>{% endif %}
{% if mission.taches %}
<p>Programme de travail et échéances :</p>
<ul>
{% for t in mission.taches %}
  <li>{{ t.libelle }} — au plus tard le {{ t.echeance | day }} ({{ t.regle }})</li>
{% endfor %}
</ul>
{% endif %}
{% endfor %}
{% else %}
<p>Le client confie au cabinet, pour l'exercice du {{ exercice.debut | day }} au {{ exercice.fin | day }},
les missions décrites dans la proposition d'honoraires jointe.</p>
{% endif %}
<p>Nos travaux ne constituent ni un audit ni un examen limité des comptes : ils ne visent pas à déceler
les fraudes ou les actes illégaux, dont la prévention et la détection relèvent de la direction du client.
Toute mission non décrite ci-dessus, et notamment le commissariat aux comptes, fera l'objet d'un avenant ou
d'une lettre de mission distincte.</p>

<h2>2. Durée de la mission</h2>
<p>La mission prend effet à la signature de la présente lettre et porte sur l'exercice du
{{ exercice.debut | day }} au {{ exercice.fin | day }}. Elle est ensuite renouvelable chaque année par
tacite reconduction pour l'exercice suivant, sauf dénonciation par l'une ou l'autre des parties par lettre
recommandée avec accusé de réception adressée <strong>trois mois au moins avant la clôture</strong> de
l'exercice en cours.</p>
<p>En cas de résiliation anticipée, les honoraires restent dus pour les travaux effectués jusqu'à la date
de cessation, ainsi qu'une indemnité égale aux honoraires correspondant aux travaux engagés et non encore
facturés. Le cabinet peut suspendre sa mission en cas de non-paiement des honoraires, pour un motif juste et
raisonnable et sans préjudice pour le client (article 156 du code de déontologie).</p>

<h2>3. Honoraires</h2>
{% if missions %}
<table class="fees">
  <thead><tr><th>Mission</th><th>Mode de facturation</th><th class="num">Honoraires annuels HT</th></tr></thead>
  <tbody>
  {% for mission in missions %}
    <tr>
      <td>{{ mission.libelle }}</td>
      <td>{{ mission.mode_libelle }}
        {%- if mission.mode == "unitaire" %} : {{ mission.prix_unitaire | eur }} HT par {{ mission.unite }}
        ({{ mission.quantite }} estimés){% endif %}
        {%- if mission.mode == "temps_passe" %} : selon le temps passé (estimation {{ mission.minutes | hours }}){% endif %}
        {%- if mission.mensualise %}, payable par mensualités de {{ mission.mensualite | eur }} HT{% endif %}</td>
      <td class="num">{{ mission.honoraires | eur }}</td>
    </tr>
  {% endfor %}
  </tbody>
  <tfoot>
    {% if honoraires.remise %}<tr><td colspan="2">Remise consentie</td><td class="num">incluse ({{ honoraires.remise | eur }})</td></tr>{% endif %}
    <tr><td colspan="2">Total HT</td><td class="num">{{ honoraires.total_ht | eur }}</td></tr>
    <tr><td colspan="2">TVA {{ honoraires.taux_tva }}</td><td class="num">{{ honoraires.tva | eur }}</td></tr>
    <tr><td colspan="2"><strong>Total TTC</strong></td><td class="num"><strong>{{ honoraires.total_ttc | eur }}</strong></td></tr>
  </tfoot>
</table>
{% endif %}
<p>Les honoraires forfaitaires rémunèrent les diligences décrites à l'article 1 pour un volume d'activité
et une organisation du client conformes à ceux connus à la signature. Les missions au temps passé sont
facturées selon le temps effectivement consacré, multiplié par le taux horaire HT du grade de
l'intervenant{% if honoraires.taux_horaires %} :{% else %}.{% endif %}</p>
{% if honoraires.taux_horaires %}
<table class="rates">
  <thead><tr><th>Grade</th><th class="num">Taux horaire HT</th></tr></thead>
  <tbody>
  {% for t in honoraires.taux_horaires %}<tr><td>{{ t.grade }}</td><td class="num">{{ t.taux | eur }}</td></tr>{% endfor %}
  </tbody>
</table>
{% endif %}

<h3>Échéancier de facturation</h3>
{% if honoraires.mensualise %}
<p>Les honoraires forfaitaires sont <strong>mensualisés</strong> : ils sont facturés par mensualités de
{{ honoraires.mensualite | eur }} HT, payables le premier jour de chaque mois par prélèvement ou virement, la
dernière mensualité régularisant les arrondis.</p>
{% endif %}
{% if honoraires.echeancier %}
<table class="schedule">
  <thead><tr><th>Échéance</th><th class="num">Montant HT</th></tr></thead>
  <tbody>
  {% for e in honoraires.echeancier %}<tr><td>{{ e.echeance | day }}</td><td class="num">{{ e.montant | eur }}</td></tr>{% endfor %}
  </tbody>
</table>
{% endif %}
<p>Les forfaits annuels non mensualisés sont facturés à la clôture de l'exercice ; les prestations
unitaires et au temps passé sont facturées au fur et à mesure de leur réalisation. Les factures sont
payables à trente jours ; tout retard entraîne des pénalités égales à trois fois le taux d'intérêt légal
et une indemnité forfaitaire de 40 € pour frais de recouvrement (articles L441-10 et D441-5 du code de
commerce).</p>

<h3>Révision annuelle des honoraires</h3>
<p>Les honoraires sont révisés de plein droit à chaque renouvellement selon la formule
<strong>P1 = P0 × S1 / S0</strong>, où P0 est le prix de l'exercice précédent, S0 la valeur de l'indice
{{ indexation.indice }} (révisé) du mois de référence
{%- if indexation.mois_reference %}, {{ indexation.mois_reference | month }} ({{ indexation.valeur_reference }}){% endif %},
et S1 la dernière valeur publiée de cet indice à la date de révision.</p>

<h3>Travaux complémentaires</h3>
<p>Les travaux non compris dans la mission (situations intermédiaires, prévisionnels, actes juridiques
spécifiques, assistance lors d'un contrôle fiscal ou social, travaux rendus nécessaires par un retard ou
une insuffisance des documents transmis) sont facturés en sus au temps passé, après accord préalable du
client.</p>
{% if honoraires.travaux_complementaires %}
<ul>
{% for t in honoraires.travaux_complementaires %}<li>{{ t.libelle }}{% if t.minutes %} (estimation {{ t.minutes | hours }}){% endif %}</li>{% endfor %}
</ul>
{% endif %}

<h2>4. Obligations du client</h2>
<p>Le client s'engage à mettre à la disposition du cabinet, dans les délais convenus à l'annexe, l'ensemble
des documents et informations nécessaires à l'exécution de la mission ; à porter à sa connaissance les faits
importants ou exceptionnels et les engagements susceptibles d'affecter les comptes ; à lui confirmer par
écrit, en fin de mission, que les documents et informations transmis sont exhaustifs (lettre d'affirmation).
Le client demeure responsable de l'exhaustivité et de la fiabilité des informations fournies ainsi que de
l'établissement de ses déclarations lorsque le cabinet n'en est pas chargé.</p>

<h2>5. Conditions générales</h2>
<p><strong>Responsabilité.</strong> Le cabinet est tenu d'une obligation de moyens. Sa responsabilité civile
professionnelle est assurée conformément à l'article 17 de l'ordonnance du 19 septembre 1945. Elle ne
saurait être engagée en raison d'informations erronées ou incomplètes transmises par le client ou d'un
retard dans leur transmission.</p>
<p><strong>Secret professionnel et confidentialité.</strong> Le cabinet et ses collaborateurs sont tenus au
secret professionnel dans les conditions prévues à l'article 226-13 du code pénal, sauf obligation légale
de déclaration ou de communication.</p>
<p><strong>Non-sollicitation.</strong> Le client s'interdit d'engager ou de faire travailler, directement ou
indirectement, un collaborateur du cabinet pendant la mission et les douze mois qui suivent sa fin, sauf
accord écrit du cabinet.</p>
<p><strong>Différends.</strong> Tout différend relatif à la présente lettre sera soumis, avant toute action
judiciaire, à la procédure de conciliation du conseil régional de l'Ordre des experts-comptables dont relève
le cabinet. À défaut de conciliation, le tribunal du ressort du siège du cabinet sera seul compétent.
{% if not client.societe %}Le client consommateur peut également recourir gratuitement au médiateur de la
consommation dont les coordonnées lui sont communiquées par le cabinet sur simple demande.{% endif %}</p>

<h2>6. Protection des données personnelles</h2>
<p>Pour l'exécution de la mission, le cabinet traite, en qualité de responsable de traitement, les données
personnelles du client et de ses interlocuteurs (identité, coordonnées, données fiscales, sociales et
financières) ; lorsqu'il traite les données des salariés ou des tiers pour le compte du client (paie,
comptabilité), il agit en qualité de sous-traitant au sens de l'article 28 du règlement (UE) 2016/679
(RGPD) : il n'agit que sur instruction documentée du client, garantit la confidentialité et la sécurité des
données, ne recourt à un sous-traitant ultérieur (hébergement, messagerie, signature électronique)
qu'en l'en informant, l'assiste dans le respect des droits des personnes et la notification des
violations, et supprime ou restitue les données au terme de la mission, sous réserve des durées légales
de conservation (dix ans pour les pièces comptables, cinq ans pour la lettre de mission et le dossier de
vigilance). Les personnes concernées exercent leurs droits d'accès, de rectification, d'effacement, de
limitation, de portabilité et d'opposition auprès du cabinet{% if cabinet.email %} ({{ cabinet.email }}){% endif %},
et peuvent saisir la CNIL.</p>

<h2>7. Lutte contre le blanchiment des capitaux et le financement du terrorisme</h2>
<p>En application des articles L561-1 et suivants du code monétaire et financier, le cabinet est tenu
d'identifier le client et, le cas échéant, ses bénéficiaires effectifs, de recueillir des informations
sur l'objet et la nature de la relation d'affaires et d'exercer une vigilance constante pendant toute sa
durée. Le client s'engage à remettre, dès la signature puis à chaque changement, une pièce d'identité en
cours de validité de son représentant légal, un extrait K-bis de moins de trois mois, ses statuts à jour
et la liste de ses bénéficiaires effectifs. À défaut, le cabinet ne peut pas commencer ou poursuivre la
mission. Le cabinet peut être tenu d'effectuer une déclaration auprès de TRACFIN sans en informer le
client.</p>

""" + _SIGNATURES + """
<section class="annex">
  <h2>Annexe — Répartition des tâches</h2>
  <p>Le tableau suivant précise qui, du client ou du cabinet, réalise chaque tâche, à quelle fréquence et
  dans quel délai.</p>
  <table class="annex-table">
    <thead><tr><th>Tâche</th><th>Réalisée par</th><th>Fréquence</th><th>Échéance</th></tr></thead>
    <tbody>
    {% for r in repartition %}
      <tr><td>{{ r.tache }}</td><td>{{ r.intervenant }}</td><td>{{ r.frequence }}</td><td>{{ r.echeance }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
</section>
"""

DEFAULT_AMENDMENT_BODY = """\
<h1>{{ lettre.titre }}</h1>
<p class="reference">Avenant {{ lettre.reference }} à la lettre de mission {{ lettre.lettre_initiale }}
{%- if lettre.lettre_initiale_signee_le %} signée le {{ lettre.lettre_initiale_signee_le | day }}{% endif %}
— établi le {{ lettre.date | day }}</p>

""" + _PARTIES + """
<h2>Article 1 — Objet de l'avenant</h2>
<p>Le présent avenant modifie la lettre de mission {{ lettre.lettre_initiale }} pour l'exercice du
{{ exercice.debut | day }} au {{ exercice.fin | day }}. Les stipulations de la lettre de mission et de ses
conditions générales qui ne sont pas modifiées par le présent avenant demeurent inchangées et continuent de
produire leurs effets.</p>

<h2>Article 2 — Missions ajoutées ou modifiées</h2>
{% if missions %}
<table class="fees">
  <thead><tr><th>Mission</th><th>Norme</th><th>Mode de facturation</th><th class="num">Honoraires annuels HT</th></tr></thead>
  <tbody>
  {% for mission in missions %}
    <tr><td>{{ mission.libelle }}{% if mission.exclusions %}<br><small>Exclusions : {{ mission.exclusions }}</small>{% endif %}</td>
      <td>{{ mission.norme or "—" }}</td><td>{{ mission.mode_libelle }}</td><td class="num">{{ mission.honoraires | eur }}</td></tr>
  {% endfor %}
  </tbody>
  <tfoot><tr><td colspan="3">Total HT des missions de l'avenant</td><td class="num">{{ honoraires.total_ht | eur }}</td></tr></tfoot>
</table>
<p>Une mission déjà prévue par la lettre de mission est remplacée, pour la suite de l'exercice, par les
conditions ci-dessus ; une mission nouvelle s'y ajoute. Les échéances déjà facturées restent acquises ;
les échéances restant à facturer sont recalculées à compter du mois de signature du présent avenant.</p>
{% else %}
<p>Le présent avenant ne modifie ni les missions ni les honoraires.</p>
{% endif %}

<h2>Article 3 — Prise d'effet</h2>
<p>Le présent avenant prend effet à sa signature par les deux parties. La révision annuelle des honoraires
(P1 = P0 × S1 / S0, indice {{ indexation.indice }}) s'applique aux honoraires modifiés dans les mêmes
conditions que la lettre de mission.</p>

""" + _SIGNATURES

DEFAULTS = {LetterKind.LETTER: (DEFAULT_LETTER_NAME, DEFAULT_LETTER_BODY),
            LetterKind.AMENDMENT: (DEFAULT_AMENDMENT_NAME, DEFAULT_AMENDMENT_BODY)}


def default_body(kind: LetterKind) -> str:
    return DEFAULTS[kind][1]


def install_default_templates(repos: FirmRepositories, at: datetime) -> int:
    """The default letter and amendment templates of a new firm (skipped when a same-named one exists)."""
    added = 0
    for kind, (name, body) in DEFAULTS.items():
        if repos.letter_templates.find_by_name(name) is None:
            repos.letter_templates.add(LetterTemplate(id=0, name=name, kind=kind, body=body, is_default=True), at=at)
            added += 1
    return added
