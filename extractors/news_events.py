"""Find designations, contracts and regulations in text with spaCy and data-driven rules.

Trigger patterns live in ``extractors/rules/news_events.jsonl`` (spaCy Matcher token
patterns, one rule per line). This module applies them, then fills the roles from the
dependency parse, named entities and the gazetteer, and decides the modality.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Iterable

from extractors import NEWS_EVENT_EXTRACTOR_VERSION
from extractors.amounts import find_amounts
from extractors.gazetteer import AUTHORITY_TYPES, Entity, Gazetteer, normalize_name
from extractors.modality import modality_of
from extractors.nlp import TITLES as _TITLES

RULES_PATH = Path(__file__).parent / "rules" / "news_events.jsonl"

_AUTHORITY_WORDS = {"commission", "authority", "ministry", "agency", "regulator", "parliament",
                    "court", "council", "department", "government", "office", "bureau",
                    "administration", "congress", "senate", "watchdog", "tribunal", "police",
                    "prosecutors", "regulators", "army", "navy", "force", "command", "secretary",
                    "president", "governor", "minister", "chancellor", "senator", "mayor", "commissioner",
                    "prosecutor", "judge", "attorney", "treasury", "legislature", "assembly", "cabinet",
                    "organization", "organisation", "states", "house", "diet", "lawmakers", "legislators",
                    "mps", "parliamentarians", "ministers", "governments", "ministries", "agencies",
                    "authorities", "officials", "committee", "bank", "competition", "regulatory", "supervisor", "secretariat", "bloc",
                    "jury", "sabha", "bundestag", "bundesrat", "duma", "knesset", "riksdag", "storting", "sejm",
                    "majlis", "rada", "commons", "lords", "dail", "eduskunta", "folketing", "deputies", "chamber",
                    "attorneys"}
# verbs whose subject receives the contract ("Anduril won a contract from the Navy")
_RECEIVER_VERBS = {"win", "secure", "receive", "land", "obtain", "get", "face", "lose", "bag",
                   "clinch", "snag", "book", "gain", "earn", "capture"}
_PUBLIC_BANK_WORDS = {"central", "reserve", "world", "development", "settlements", "investment", "england", "japan",
                      "canada", "korea", "italy", "france", "spain", "russia", "israel", "thailand", "bundesbank",
                      "people's", "national", "federal", "monetary"}
_LEGAL_BASIS_WORDS = {"regime", "regulation", "act", "law", "authority", "order", "programme", "program", "measure",
                      "statute", "provision", "section", "resolution", "framework", "decree", "ordinance"}
_TRADE_FLOWS = {"export", "import", "sale", "shipment", "exports", "imports", "sales", "shipments", "transfer"}
_GROUP_NOUNS = {"cartel", "gang", "group", "network", "brigade", "militia", "movement", "front", "army", "faction",
                "syndicate", "clan", "battalion", "division", "legion", "cell", "wing", "organisation", "organization"}
_EASING_NOUNS = {"easing", "lifting", "relief", "removal", "end", "suspension", "waiver", "rollback", "repeal"}
_ANAPHORIC_NOUNS = {"trust", "bank", "lender", "insurer", "exchange", "platform", "marketplace", "retailer", "operator",
                    "carrier", "airline", "fund", "startup", "maker", "manufacturer", "developer", "app", "broker",
                    "utility", "hospital", "university", "school", "charity", "council", "chain", "network",
                    "site", "service", "agribusiness", "retailer", "engine", "refinery", "trader", "shipper",
                    "tanker", "vessel", "militia", "gang", "cartel"}
_PARTY_NOUNS = {"bank", "company", "firm", "platform", "operator", "provider", "employer", "issuer", "insurer",
                "lender", "developer", "app", "exchange", "retailer", "manufacturer", "maker", "carrier", "broker",
                "airline", "business", "user", "driver", "landlord", "school", "hospital", "fund", "marketplace",
                "aggregator", "intermediary", "advertiser", "seller", "importer", "exporter", "utility", "miner"}
_SANCTIONS_AUTHORITIES = {"us-department-of-the-treasury", "us-ofac", "us-department-of-state", "uk-hm-treasury",
                          "uk-foreign-office", "eu-council", "european-union"}
_WRONG_NOUNS = {"bribe", "kickback", "corruption", "fraud", "scheme", "bribery", "payment"}
_NOT_PARTIES = {"Federal Register", "Official Journal", "Official Journal of the European Union", "Gazette",
                "Gazette of India", "Canada Gazette"}
_RISK_VERBS = {"risk", "face", "incur", "avoid", "escape", "dodge", "pay"}
_CONCLUDE_VERBS = {"conclude", "complete", "wrap", "finish", "end", "finalise", "finalize"}
_SPORT_WORDS = {"shootout", "kick", "spot", "area", "box", "corner", "try", "minute", "goal", "miss", "save",
                "shot", "stroke", "point", "yard", "run"}
_READINGS = ("designation.terror_ban", "designation.export_ban")  # a verb's designation reading, when it applies
_VERB_CHECKS = {"designation.export_ban", "designation.terror_ban", "designation.target_verb", "designation.blocked_property", "designation.assets_frozen", "regulation.regulate_verb", "regulation.bar_from", "designation.list_verb", "contract.option_exercise", "regulation.require_verb",
                "regulation.block_deal", "regulation.licence_action", "regulation.search_premises",
                "regulation.lawsuit_against", "contract.agree_verb", "regulation.slap_verb", "regulation.order_verb", "regulation.settle_verb", "regulation.propose_verb",
                "regulation.enforcement_action", "contract.order_verb"}
_CORPORATE_SUFFIXES = {"inc", "corp", "co", "ltd", "llc", "plc", "ag", "sa", "gmbh", "nv", "bv", "spa", "ab",
                       "asa", "oy", "kk", "lp", "llp", "limited", "corporation", "incorporated", "group",
                       "holdings", "pte", "pty", "se"}
_AIM_VERBS = {"target", "hit", "cover", "name", "include", "list", "affect", "freeze"}
_LAW_COMPOUND_HEADS = {"enforcement", "firm", "school", "student", "professor", "degree", "clerk", "graduate",
                       "partner", "practice", "society", "journal", "review", "lecturer"}
_BREACH_VERBS = {"violate", "break", "breach", "flout", "circumvent", "evade", "contravene", "cite", "invoke",
                 "challenge", "comply", "obey", "skirt", "dodge"}
_ENVOY_NOUNS = {"investigator", "official", "inspector", "agent", "officer", "staff", "spokesperson",
                "spokesman", "spokeswoman", "lawyer", "attorney", "prosecutor", "regulator"}
_DEAL_NOUNS = {"merger", "acquisition", "takeover", "deal", "purchase", "sale", "bid", "combination", "buyout"}
_LICENCE_NOUNS = {"licence", "license", "authorisation", "authorization", "registration", "permit", "accreditation"}
_JOINT_VERBS = {"invest", "build", "develop", "co-develop", "form", "create", "establish", "set", "launch",
                "produce", "manufacture", "supply", "collaborate", "cooperate", "partner", "work", "merge",
                "combine", "pool", "share", "explore", "jointly"}
_SELECT_VERBS = {"select", "choose", "pick", "tap", "hire", "engage", "retain", "appoint", "name"}
_MODIFY_VERBS = {"extend", "add", "increase", "exercise", "modify", "amend", "raise", "expand", "renew", "prolong"}
_END_VERBS = {"terminate", "cancel", "scrap", "rescind", "void", "annul", "end"}
_ORDER_ACTIONS = {"disgorge", "repay", "compensate", "forfeit", "reimburse", "pay", "suspend", "block", "halt", "stop", "cease", "remove", "divest", "refund", "delete",
                  "shut", "withdraw", "recall", "disable", "sell", "unwind", "end"}
_CHARGE_NOUNS = {"charge", "allegation", "claim", "case", "lawsuit", "accusation", "suit", "probe",
                 "investigation", "complaint", "liability", "violation"}  # "to resolve its potential civil liability"
_LIMIT_VERBS = {"limit", "restrict", "cap", "tighten", "curb"}
_RULE_OBJECTS = {"limit", "standard", "requirement", "restriction", "cap", "curb", "ban", "mandate"}
_GENERIC_LAW_WORDS = {"final", "new", "proposed", "draft", "interim", "its", "their", "first", "rule", "rules",
                      "law", "laws", "regulation", "regulations", "framework", "legislation", "bill", "order"}
_ENFORCEMENT_NOUNS = {"fine", "penalty", "settlement", "raid", "investigation", "probe", "injunction", "crackdown",
                      "inquiry", "proceeding", "proceedings", "surcharge", "action", "order", "agreement"}
_UNLIST_VERBS = {"remove", "delist", "lift", "unfreeze", "revoke", "rescind", "drop", "release", "exempt", "annul",
                 "quash"}
_LIST_USE_VERBS = {"screen", "check", "search", "compare", "consult", "scrub", "vet"}
_DECISION_NOUNS = {"approval", "assent", "consent", "consultation", "vote", "majority", "agreement", "deal", "compromise", "debate", "talks"}
_OBLIGE_VERBS = {"bring", "subject", "require", "oblige", "obligate", "force", "compel", "mandate", "bar", "ban", "prohibit",
                 "direct", "order"}
# what an entity owns or does, standing for the entity in "an inquiry into X's business practices"
_GENERIC_PARTIES = {"entity", "company", "firm", "individual", "person", "people", "organization",
                    "organisation", "group", "business", "supplier", "vendor", "exporter", "importer"}
_COUNTED_NOUNS = _GENERIC_PARTIES | {"vessel", "ship", "tanker", "bank", "official", "target", "network",
                                     "national", "executive", "member", "leader", "trader", "addition", "entry"}
_ENUMERATION_CUES = {"addition", "listing", "designation", "designee", "entity", "individual", "person", "company",
                     "firm", "vessel", "organisation", "organization", "target", "those", "they", "these",
                     "designate", "sanction", "list", "target", "add", "name", "identify", "blacklist", "include",
                     "hit", "entry", "entries", "name", "names", "newcomer"}
_HOLDINGS = {"headquarters", "office", "premise", "business", "practice", "operation", "conduct", "handling", "use", "policy", "activity",
             "dealing", "acquisition", "purchase", "takeover", "merger", "marketing", "sale", "pricing",
             "advertising", "app", "store", "service", "unit", "division", "arm", "subsidiary", "deal",
             "contract", "bid", "plan", "product"}
# words a headline uses as verbs and the parser often reads as plural nouns ("US sanctions X")
_HEADLINE_VERBS = {"slaps", "hits", "sanctions", "fines", "blacklists", "designates", "sues", "charges", "probes", "raids",
                   "bans", "penalises", "penalizes", "awards", "taps", "picks", "selects"}
_CONTRACT_NOUNS = {"contract", "agreement", "award", "order", "deal", "partnership", "subcontract"}
_NEEDS_AMOUNT = {"contract.deal_noun", "contract.order_noun", "contract.order_verb"}
_CONTRACT_HEADS = {"award", "deal", "vehicle", "value", "extension", "modification", "option", "win", "order",
                   "ceiling", "agreement"}
_REGULATION_SUBJECT_VERBS = {"take", "enter", "come", "require", "ban", "prohibit", "bar", "mandate", "force",
                             "impose", "apply", "allow", "restrict", "oblige", "compel", "target", "hit",
                             "receive", "pass", "clear", "become", "win", "fail", "stall", "advance", "direct",
                             "instruct"}
_PRONOUNS = {"more", "less", "all", "some", "any", "none", "others", "each", "it", "its", "they", "their", "them", "he", "she", "his", "her", "which", "that",
             "who", "this", "these", "those", "we", "our", "us", "company", "the company", "own"}
_SUBTYPE_CUES = {
    "designation": [
        ("market_power", ("gatekeeper", "strategic market status", "digital markets act")),
        ("terrorist_designation", ("terrorist", "terror", "fto", "sdgt", "proscri")),
        ("export_control_list", ("entity list", "unverified list", "end-user list", "end user list",
                                 "export control", "export blacklist", "commerce department",
                                 "department of commerce", "bureau of industry and security")),
        ("sanctions_list", ("sanction", "sdn", "specially designated nationals", "ofac", "asset freeze",
                            "ofsi", "foreign assets control", "blacklist", "treasury", "restrictive measures",
                            "frozen", "froze")),
        ("security_risk", ("supply chain risk", "supply-chain risk", "security risk",
                           "security threat", "covered list", "1260h", "chinese military company")),
    ],
    "contract": [
        ("modification", ("modification", "option", "extension", "amendment")),
        ("agreement", ("agreement", "partnership", "memorandum", "mou", "accord", "partner", "alliance")),
        ("award", ("award", "contract", "task order", "delivery order")),
    ],
    "regulation": [
        ("executive_order", ("executive order",)),
        ("enforcement", ("fine", "penalt", "settle", "raid", "investigat", "probe", "cease",
                         "injunction", "sue", "crackdown")),
    ],
}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    subtype: str | None
    is_list: bool
    pattern: list
    jurisdiction: str | None = None  # the list's own jurisdiction: the Entity List is American


@dataclass(frozen=True)
class NewsEvent:
    """One news event found in one sentence: the unit stored as a mention."""
    kind: str
    subtype: str
    modality: str
    trigger: str
    trigger_start: int
    trigger_end: int
    actor: str | None
    actor_id: str | None
    actor_name: str | None
    actor_type: str | None
    actor_start: int | None
    actor_end: int | None
    target: str | None
    target_id: str | None
    target_name: str | None
    target_type: str | None
    target_start: int | None
    target_end: int | None
    amount: str | None
    amount_value: float | None
    currency: str | None
    amount_qualifier: str | None
    amount_start: int | None
    amount_end: int | None
    label: str | None
    jurisdiction: str | None
    date_text: str | None
    sentence: str
    sentence_start: int
    sentence_end: int
    rule_id: str
    confidence: float
    extractor_version: str = NEWS_EVENT_EXTRACTOR_VERSION

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def merge_key(self) -> str:
        """What makes two mentions the same real-world news event."""
        return build_merge_key(self.kind, self.subtype, self.modality, self.actor_id,
                               self.target_id, self.label, self.jurisdiction, self.amount_value)


def build_merge_key(kind, subtype, modality, actor_id, target_id, label, jurisdiction, amount_value) -> str:
    label_key = normalize_name(label).lower() if label else "-"
    if kind == "designation":  # the same entity on the same list, whoever is quoted as acting
        parts = [kind, subtype, modality, target_id or "-", label_key]
    elif kind == "contract":
        amount = f"{amount_value:.0f}" if amount_value else "-"
        parts = [kind, subtype, modality, actor_id or "-", target_id or "-", amount]
    else:
        parts = [kind, subtype, modality, jurisdiction or "-", actor_id or "-", target_id or "-", label_key]
    return "|".join(parts)


def load_rules(path: Path = RULES_PATH) -> list[Rule]:
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            rules.append(Rule(row["id"], row["label"], row.get("subtype"), bool(row.get("list")),
                              row["pattern"], row.get("jurisdiction")))
    return rules


@dataclass
class _Role:
    text: str
    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class _Anchor:
    """A designation whose targets were only counted: what the sentences after it inherit."""
    start: int  # token index of its sentence
    end: int
    actor: _Role
    subtype: str
    modality: str
    label: str | None
    jurisdiction: str | None
    rule_id: str
    date_text: str | None
    counted: bool = False  # its parties were only counted ("designated two individuals and one entity")


class NewsEventExtractor:
    """Applies the rules to spaCy docs. Build once per process; reuse for many texts."""

    def __init__(self, nlp, gazetteer: Gazetteer, rules: list[Rule] | None = None):
        from spacy.matcher import Matcher, PhraseMatcher

        self.nlp = nlp
        self.gazetteer = gazetteer
        self.rules = {r.id: r for r in (rules if rules is not None else load_rules())}
        self.matcher = Matcher(nlp.vocab)
        for rule in self.rules.values():
            self.matcher.add(rule.id, [rule.pattern])
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.names.add("GAZETTEER", list(nlp.tokenizer.pipe(gazetteer.names())))

    # -- public API ---------------------------------------------------------------
    def extract(self, text: str) -> list[NewsEvent]:
        return self.extract_doc(self.nlp(text))

    def extract_many(self, texts: Iterable[str], n_process: int = 1, batch_size: int = 32) -> list[list[NewsEvent]]:
        return [self.extract_doc(doc) for doc in self.nlp.pipe(texts, n_process=n_process, batch_size=batch_size)]

    def extract_doc(self, doc) -> list[NewsEvent]:
        from spacy.util import filter_spans

        self._doc = doc
        self._root_i = None
        known = filter_spans([doc[s:e] for _, s, e in self.names(doc)])
        self._known_by_token = {t.i: span for span in known for t in span}
        self._dateline = _dateline_tokens(doc)
        self._amounts = find_amounts(doc.text)
        triggers = []
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            span.label_ = doc.vocab.strings[match_id]
            if span.label_ in _VERB_CHECKS and not _construction_ok(span.label_, span.root):
                continue  # "ordered" is an enforcement with "to pay", a purchase with "from", else nothing
            triggers.append(span)
        # "banned the Babbar Azad Brigade under the UAPA" proscribes a group: that reading of "banned" stands alone
        # and "banned exports to 22 organisations, including [X]" puts parties under export controls
        proscribing = {(t.start, t.end) for t in triggers if t.label_ in _READINGS}
        triggers = [t for t in triggers if t.label_ in _READINGS or (t.start, t.end) not in proscribing]
        triggers = filter_spans(triggers)
        # "its [1260H] [list of Chinese military companies]": one list named twice over; the later span
        # (whose label takes in the earlier words) stands
        lists = sorted((t for t in triggers if self.rules[t.label_].is_list), key=lambda t: t.start)
        joined = {id(a) for a, b in zip(lists, lists[1:])
                  if (b.start == a.end or b.start == a.end + 1 and doc[a.end].text == "(")  # "Foreign Terrorist
                  # Organization (FTO)", but not "Covered List of national security threats"
                  and self.rules[a.label_].kind == self.rules[b.label_].kind}
        triggers = [t for t in triggers if id(t) not in joined]
        self._trigger_spans = triggers
        self._list_tokens = {i for t in triggers if self.rules[t.label_].is_list for i in range(t.start, t.end)}
        self._contracting_activity = self._find_contracting_activity(doc)
        self._trigger_roots: dict[str, set[int]] = {}
        for t in triggers:
            if not self.rules[t.label_].is_list and t.root.pos_ in ("VERB", "AUX") and t.label_ not in _VERB_CHECKS:
                self._trigger_roots.setdefault(self.rules[t.label_].kind, set()).add(t.root.i)
        # what an executive order, decree or rule says: contracts inside it are its content, not awards
        self._order_roots = {i for t in triggers if self.rules[t.label_].subtype in ("executive_order",)
                             for i in (t.root.i, t.root.head.i if t.root.dep_ == "nsubj" else t.root.i)}
        found: dict[tuple, NewsEvent] = {}
        claimed_lists: set[int] = set()
        self._second_labels: list = []
        self._anchors: list[_Anchor] = []
        # word triggers first, so a list name in the same sentence only adds its label
        ordered = sorted(triggers, key=lambda s: (self.rules[s.label_].is_list, s.start))
        for span in ordered:
            rule = self.rules[span.label_]
            for news_event in self._events_for(span, rule, triggers, claimed_lists):
                # one regulation per sentence and regulator ("adopted the AI Act, setting rules ...")
                key = (news_event.kind, news_event.sentence_start,
                       news_event.actor_id if news_event.kind == "regulation" else news_event.target_id,
                       news_event.target_id if news_event.subtype == "enforcement" else None)
                if news_event.subtype == "enforcement" and news_event.target_id:
                    # "ordered X to pay surcharges": one enforcement per party and sentence, whoever each trigger
                    # took for the actor
                    key = (news_event.kind, news_event.sentence_start, "enforcement", news_event.target_id)
                earlier = found.get(key)
                if earlier is not None and news_event.kind == "designation" and earlier.label and news_event.label \
                        and normalize_name(earlier.label) != normalize_name(news_event.label):
                    # "which the FCC designated a national security threat and which had been added to the
                    # Entity List": two lists, two news events
                    key = key + (normalize_name(news_event.label),)
                    earlier = found.get(key)
                if earlier is None:
                    found[key] = news_event
                    continue
                if earlier.subtype == "enforcement" and earlier.actor_type == "government" \
                        and news_event.actor_type not in (None, "government") and not news_event.actor.islower():
                    earlier = replace(earlier, actor=news_event.actor, actor_id=news_event.actor_id,
                                      actor_name=news_event.actor_name, actor_type=news_event.actor_type,
                                      actor_start=news_event.actor_start, actor_end=news_event.actor_end)
                # two triggers for one event ("awarded ... a contract"): keep the first, record both rules
                rule_ids = earlier.rule_id.split("+")
                merged = replace(earlier, rule_id="+".join(rule_ids + [rule.id]) if rule.id not in rule_ids
                                 else earlier.rule_id)
                if earlier.label is None and news_event.label:
                    # "fined X for breaching the Digital Markets Act": the act names the label, the fine stays
                    keep = earlier.kind == "regulation" and earlier.subtype == "enforcement"
                    merged = replace(merged, label=news_event.label,
                                     subtype=earlier.subtype if keep else rule.subtype or earlier.subtype)
                found[key] = merged
        events = self._continue_anchors(doc, list(found.values()))
        events = self._elliptical(doc, events)
        events = self._un_entries(doc, events)
        events = self._co_actors(doc, events)
        events = [e for e in events if not self._consequence(doc, e, events)]
        # "with deliveries due in 2027", "between governments and younger voters", "Russian state contracts": a
        # contract's other party is a name, never a common noun or a nationality
        events = [e for e in events if not (e.kind == "contract" and e.target and (
            e.target.split()[-1][:1].islower() and e.target.split()[-1] not in ("consortium", "venture")
            or all(t.ent_type_ == "NORP" and t.pos_ == "ADJ" for t in doc.char_span(e.target_start, e.target_end,
                                                                 alignment_mode="expand") or ())))]
        # "approved additional sanctions against [Russia], freezing the assets of ... including [A] and [B]":
        # the country is the programme, the parties named beside it are the ones listed
        listed_parties = {e.sentence_start for e in events if e.kind == "designation" and e.target_type != "government"}
        events = [e for e in events if not (
            e.kind == "designation" and e.subtype in ("sanctions_list", "export_control_list")
            and e.target_type == "government" and e.target_id in self.gazetteer.ids
            and e.sentence_start in listed_parties)]
        # "Australia sanctioned X. The United States and Britain designated him at the same time": a bare
        # "designated" of a party already listed in the document is the same kind of listing
        kinds = {e.target_id: e.subtype for e in events if e.kind == "designation" and e.subtype != "other"}
        events = [replace(e, subtype=kinds[e.target_id]) if e.kind == "designation" and e.subtype == "other"
                  and not e.label and e.target_id in kinds and e.rule_id == "designation.verb" else e for e in events]
        # "Chemnitz was designated European Capital of Culture", "further sanctions on Russia were likely":
        # a place, and nobody listing anyone
        events = [e for e in events if not (e.kind == "designation" and e.actor is None and not e.label
                                            and e.target_type == "government")]
        for verb_trigger, second in self._second_labels:
            if second.start in claimed_lists:
                continue  # it is the label the verb's event took
            label, subtype = _list_label(second), self.rules[second.label_].subtype
            for e in [e for e in events if e.trigger_start == verb_trigger.start_char and e.label
                      and e.label != label]:
                events.append(replace(e, label=label, subtype=subtype or e.subtype,
                                      rule_id=f"{e.rule_id.split('+')[0]}+{second.label_}"))
        # "fined Apple ... for breaching the Digital Markets Act": the act is the enforcement's label
        enforced = [e for e in events if e.subtype == "enforcement" or e.kind == "designation"]  # or "designated
        # X ..., the first such decision under the Digital Markets, Competition and Consumers Act"
        for law in [e for e in events if e.kind == "regulation" and e.subtype != "enforcement"
                    and (e.rule_id.startswith("regulation.named_act") or e.rule_id.startswith("regulation.law_noun")
                         and _under_phrase(doc, e))]:
            if any(e.sentence_start == law.sentence_start for e in enforced):
                events.remove(law)
        acts = [t for t in triggers if t.label_ == "regulation.named_act"]
        for n, e in enumerate(events):
            if e.subtype == "enforcement" and e.label is None:
                act = next((t for t in acts if e.sentence_start <= t.start_char < e.sentence_end), None)
                if act is not None:
                    events[n] = replace(e, label=act.text)
        # several enforcement triggers for one fine: keep the ones that name whom it hits
        aimed = {(e.sentence_start, e.actor_id) for e in events if e.subtype == "enforcement" and e.target_id}
        aimed_amounts = {(e.sentence_start, e.amount_value) for e in events if e.subtype == "enforcement" and e.target_id}
        events = [e for e in events if not (e.subtype == "enforcement" and not e.target_id
                                            and ((e.sentence_start, e.actor_id) in aimed
                                                 or e.amount_value is not None
                                                 and (e.sentence_start, e.amount_value) in aimed_amounts))]
        # "fined X £465,000 ..., the largest penalty it has imposed": the same fine seen twice
        # "signed a decree imposing sanctions on [X] and [Y]": the sanctions are the news, the decree their vehicle
        listed = [e for e in events if e.kind == "designation" and e.target]
        kept = []
        for e in events:
            if e.kind == "regulation" and e.subtype == "executive_order":
                trig = doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
                inside = {t.idx for c in (trig.root.children if trig is not None else ()) if c.dep_ in ("acl", "relcl")
                          for t in c.subtree}
                if trig is not None:  # "signed a decree on Sunday [imposing sanctions on ...]" hung from "signed"
                    inside |= {t.idx for c in trig.root.head.children if c.tag_ == "VBG" and c.i > trig.root.i
                               and c.lemma_ in ("impose", "designate", "sanction", "add", "list", "freeze", "blacklist")
                               for t in c.subtree}
                if any(d.trigger_start in inside and d.sentence_start == e.sentence_start for d in listed):
                    continue
            kept.append(e)
        events = kept
        # "A Singapore court ordered the trader to repay $14 million to a former charterer": a private dispute,
        # unless a regulator brought the case
        def _court_only(e) -> bool:
            if e.subtype != "enforcement" or not e.actor or not any(w in e.actor.lower() for w in _COURT_WORDS) \
                    or "grand jury" in e.actor.lower():  # a grand jury indicts for the prosecutor
                return False
            sent = doc.char_span(e.sentence_start, e.sentence_end, alignment_mode="expand")
            others = [self._phrase(t) for t in (sent or ()) if t.pos_ == "PROPN" and t.dep_ in ("nsubj", "pobj", "poss")]
            return not any(r is not None and _is_authority(r.entity) and not any(
                w in r.text.lower() for w in _COURT_WORDS) and r.entity.type != "government"
                           for r in others)
        events = [e for e in events if not _court_only(e)]
        # "In its first penalty against a fintech, OFSI said it had fined [Northshore Payments]": the description
        # and the name are one party
        aimed_named = {e.sentence_start for e in events if e.subtype == "enforcement" and e.target
                       and not e.target.islower()}
        events = [e for e in events if not (e.subtype == "enforcement" and e.target and e.target.islower()
                                            and e.sentence_start in aimed_named)]
        # "passed legislation banning ..., with platforms facing fines of up to A$49.5 million": the law's penalties,
        # not an enforcement
        laws = {e.sentence_start for e in events if e.kind == "regulation" and e.subtype != "enforcement"}
        events = [e for e in events if not (e.subtype == "enforcement" and e.sentence_start in laws
                                            and (not e.target or e.target[:1].islower()))]
        # "the first probe of a smaller platform", "on suspicion of price-fixing", "charged two men": an enforcement
        # whose only party is a common noun names nobody it hits
        events = [e for e in events if not (e.subtype == "enforcement" and e.target and e.target[:1].islower()
                                            and e.target.split()[-1].islower())]
        # "regulators have repeatedly fined large banks", "urged governments to regulate ...": nobody named on
        # either side is a pattern, not an event
        events = [e for e in events if not (e.kind == "regulation" and e.actor and e.actor.islower()
                                            and e.actor.endswith("s") and (not e.target or e.target.islower()))]
        # "passed the Digital Lending (Regulation) Bill ... The bill will now be taken up by ...": the same bill
        named_bills = [e for e in events if e.rule_id.startswith("regulation.named_act") and e.label]
        events = [e for e in events if not (named_bills and e.rule_id.startswith("regulation.law_noun")
                                            and not e.label and e.trigger.lower() in ("bill", "law", "act")
                                            and e.sentence_start > named_bills[0].sentence_start)]
        # "..., the regulator's largest penalty of its kind": a second look at an enforcement already found
        named = {(e.sentence_start, e.kind) for e in events if e.actor and not e.actor[:1].islower()}
        events = [e for e in events if not (e.kind == "regulation" and e.actor and e.actor[:1].islower()
                                            and (e.sentence_start, e.kind) in named)]
        # "a trade blacklist": an informal name, no label; trade and export blacklists are export controls
        events = [replace(e, label=None, subtype="export_control_list" if e.label and any(
            w in e.label.lower() for w in ("trade", "export", "entity")) else e.subtype)
                  if e.rule_id.split("+")[0] == "designation.blacklist_noun" else e for e in events]
        # "its sanctions list", "the asset-freeze list": a list with no name gives no label
        events = [replace(e, label=None) if e.kind == "designation" and e.label and e.label == e.trigger
                  and e.label.islower() and e.rule_id.split("+")[0] in _UNNAMED_LISTS else e for e in events]
        return sorted([self._untitled(doc, e) for e in events], key=lambda e: (e.trigger_start, e.target_start or 0))

    def _untitled(self, doc, event: NewsEvent) -> NewsEvent:
        """"Deputy Defence Minister [Oleg Yemelin]": a person targeted is named without the office."""
        if not event.target or event.target_id in self.gazetteer.ids:
            return event
        span = doc.char_span(event.target_start, event.target_end, alignment_mode="expand")
        title = max((t.i for t in span if t.text in _TITLE_HEADS), default=None) if span is not None else None
        if title is None or span.end - title < 3 or span.end - title > 5 or doc[title + 1].ent_type_ != "PERSON" \
                or not all(t.pos_ == "PROPN" for t in doc[title + 1:span.end]):
            return event
        role = self._role(doc[title + 1:span.end])
        return replace(event, target=role.text, target_id=role.entity.id, target_name=role.entity.name,
                       target_type=role.entity.type, target_start=role.start, target_end=role.end)

    def _consequence(self, doc, event: NewsEvent, events: list[NewsEvent]) -> bool:
        """"designated X, subjecting him to an asset freeze", "Both are subject to an asset freeze", "who will face
        an asset freeze": what a designation found in this or the sentence before brings with it."""
        if event.kind != "designation" or event.rule_id != "designation.asset_freeze":  # alone, not merged
            return False
        trigger = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
        if trigger is None:
            return False
        head = trigger.root.head
        if not (head.lower_ == "to" and head.head.lemma_ == "subject" or head.lemma_ in ("face", "subject")):
            return False
        sent = trigger.root.sent
        before = doc[sent.start - 1].sent.start_char if sent.start else sent.start_char
        return any(e is not event and e.kind == "designation" and e.trigger_start != event.trigger_start
                   and before <= e.sentence_start <= sent.start_char for e in events)

    # -- roles ----------------------------------------------------------------------
    def _phrase(self, token) -> _Role | None:
        if token is None or token.pos_ in ("DET", "NUM") or _is_pronoun(token.text) \
                or token.pos_ == "PRON" and token.text != "US":
            return None
        if token.ent_type_ in ("MONEY", "CARDINAL", "PERCENT", "DATE", "TIME", "QUANTITY", "ORDINAL"):
            return None
        if token.i in self._list_tokens:
            return None  # "the SDN List" is the label, never the actor or target
        if token.i in self._dateline:  # "WASHINGTON, March 12 — ...": where the release was issued, not a party;
            # "Ottawa, Ontario — The Minister ... announced" parsed with the minister as the dateline's appositive
            after = next((c for c in token.children if c.dep_ == "appos" and c.i not in self._dateline), None)
            if after is None and token.dep_ in ("nsubj", "nsubjpass"):  # "OTTAWA - [Canada] on Monday imposed":
                # the parse gave the verb two subjects, the dateline and the actor
                after = next((c for c in token.head.children if c.dep_ == token.dep_ and c.i not in self._dateline), None)
            return self._phrase(after) if after is not None else None
        span = self._known_by_token.get(token.i)
        if span is None:
            span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            joint = next((t for t in span if t.dep_ == "cc" and t.head.i in range(span.start, span.end) and any(
                span.start <= c.i < span.end for c in t.head.conjuncts)), None) if span is not None else None
            if joint is not None:  # NER ran "Kish Aero Parts and Zagros Dynamics" together
                span = token.doc[span.start:joint.i] if token.i < joint.i else token.doc[joint.i + 1:span.end]
        if span is None:
            words = [t for t in token.subtree if t.i <= token.i and t.dep_ in ("compound", "amod", "nmod", "poss") or t.i == token.i]
            words = [t for t in words if t.i == token.i or t.dep_ != "poss" or t.pos_ == "PROPN"]
            start = min(t.i for t in words)
            span = token.doc[start:token.i + 1]
        cut = next((t.i for t in span if t.i > token.i and t.i in self._list_tokens), None)
        if cut is not None:  # NER sometimes runs a name into "... on the Entity List"
            span = token.doc[span.start:cut]
            while len(span) > 1 and span[-1].pos_ in ("ADP", "DET", "PUNCT", "CCONJ"):
                span = span[:-1]
        fallback = None
        if span.label_ in ("PERSON", "ORG", "GPE") or span.root.ent_type_ in ("PERSON", "ORG", "GPE"):
            extended = _with_titles(span)
            if extended.start < span.start and (span.label_ or span.root.ent_type_) == "GPE":
                fallback = "organization"  # "[Seqirus] UK" is a company, not the United Kingdom
            span = extended
        while len(span) > 1 and (span[0].lower_ in ("the", "a", "an", "its", "their", "rival")
                                 or span[0].i in self._dateline or span[0].text in ("-", "—", "–")):
            span = span[1:]  # "STRASBOURG, France - [Lawmakers]": never the dateline
        while len(span) > 2 and (span[0].text in _TITLES or span[0].text.rstrip(".") in _RANKS
                                 and span[1].text in ("-", ".", "-Gen", "-Col")):
            span = span[2:] if span[1].text in ("-", ".") else span[1:]  # "Brig. Gen. [Mehdi Farahani]", "Lt-Gen [X]"
            while len(span) > 1 and (span[0].text in _TITLES or span[0].text.rstrip(".") in _RANKS):
                span = span[1:]
        if len(span) and span[-1].tag_ == "POS":
            span = span[:-1]
        if not len(span) or _is_pronoun(span.text):
            return None
        if any(a[0] < span.end_char and span.start_char < a[1] for a in self._amounts):
            return None  # "€310m", "Rs 213.14 crore": an amount is never a party
        entity = self.gazetteer.resolve(span.text, fallback_type=fallback or _entity_type(span))
        return _Role(span.text, span.start_char, span.end_char, entity)

    def _targets(self, token) -> list[_Role]:
        """The token's phrase plus every phrase conjoined to it ("Huawei, ZTE and Hikvision")."""
        apposed = self._partitive_names(token)  # "Two of its shareholders, [A] and [B], were also targeted"
        if apposed:
            return apposed
        counted = _counted_plural(token)
        if counted:  # "three bearing manufacturers — [A], [B] and [C] —", "four firms: [A], [B] ..."
            dash = next((t for t in token.doc[token.i + 1:min(token.i + 4, token.sent.end)]
                         if t.text in ("—", "–", ":")), None) or next(
                (t for t in token.doc[token.i + 1:token.sent.end] if t.text == ":" and t.i > token.sent.root.i), None)
            if dash is not None:
                close = next((t.i for t in token.doc[dash.i + 1:token.sent.end] if t.text in ("—", "–")), None)
                # the nouns counted are parties, so a name the tagger took for a place is one too ("Los Lagartos")
                named = [r for r in self._names_after(dash, close, semicolons=True, places=True) if self._is_name(r)]
                if named:
                    return named
            apposed = self._apposed_names(token)
            if apposed:
                return apposed
        if counted and token.lemma_ not in _GENERIC_PARTIES:
            # "four electric wire makers, including [A] and [B]": whichever reading names more parties
            generic = self._including_names(token)
            rest = self._conjoined(token)
            return generic if len(generic) > len([r for r in rest if self._is_name(r)]) else rest
        return self._including_names(token) or self._conjoined(token)

    def _partitive_names(self, number) -> list[_Role]:
        """"two of its members, [A] and [B],": the names of a counted part, as many as counted."""
        whole = _prep_object(number, ("of",)) if number.pos_ == "NUM" and number.lower_ in _NUMBER_WORDS else None
        return self._apposed_names(whole, _NUMBER_WORDS[number.lower_]) if whole is not None else []

    def _apposed_names(self, token, number: int | None = None) -> list[_Role]:
        """"two former traders at Ludgate Capital, Simon Ashcroft and Nadia Brennan,": the names after a comma,
        when there are exactly as many as were counted ("two of its members, [A] and [B]": the count given)."""
        number = number or _count_value(token)
        if number is None or number < 2:
            return []
        doc = token.doc
        comma = next((t for t in doc[token.i + 1:min(token.i + 9, token.sent.end)] if t.text == ","), None)
        if comma is None or any(t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG") or t.text in ("—", "–", ";")
                                for t in doc[token.i + 1:comma.i]):
            return []  # "two conglomerates controlled by Myanmar's military, [A] and [B]," still counts
        named = self._names_after(comma)
        if len(named) != number or not all(self._is_name(r) for r in named):
            return []
        return named

    def _including_names(self, token) -> list[_Role]:
        partitive = token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NUM"
        if token.pos_ == "NOUN" and (token.lemma_ in _GENERIC_PARTIES or _counted_plural(token) or partitive):
            # "added 12 entities to the Entity List, including [A] and [B]"; "three of its executives, including [X]"
            including = next((t for t in token.sent if t.i > token.i and t.lower_ in ("including", "among")
                              and t.dep_ == "prep"), None)
            pobj = next((c for c in including.children if c.dep_ == "pobj"), None) if including is not None else None
            if including is not None:  # "..., including [X] and [Y]", "among them [X]; [Y]"
                start = pobj if pobj is not None and pobj.lower_ == "them" else including
                rest = token.doc[start.i + 1:token.sent.end]
                named = [r for r in self._names_after(start, semicolons=any(t.text == ";" for t in rest))
                         if self._is_name(r)]
                if named:
                    return named
        return []

    def _role(self, span, fallback_type: str | None = None) -> _Role:
        """The role a span of the document names, its entity from the gazetteer or a stable slug."""
        return _Role(span.text, span.start_char, span.end_char,
                     self.gazetteer.resolve(span.text, fallback_type=fallback_type or _entity_type(span)))

    def _person_before(self, pronoun) -> _Role | None:
        """"Goran Lazić runs fuel depots. The Treasury added [him] ...": the last person named before."""
        start = self._doc[pronoun.sent.start - 1].sent.start if pronoun.sent.start else pronoun.sent.start
        people = [e for e in self._doc.ents if e.label_ == "PERSON" and start <= e.start and e.end <= pronoun.i]
        if not people:  # the tagger missed the name: the earlier sentence's named subject
            subject = next((t for t in self._doc[start:pronoun.sent.start] if t.dep_ == "nsubj" and t.pos_ == "PROPN"), None)
            role = self._phrase(subject) if subject is not None else None
            return role if role is not None and not _is_authority(role.entity) or role is not None and \
                role.entity.type == "government" and role.entity.id not in self.gazetteer.ids else None
        full = [e for e in people if len(e) > 1]  # "Goran Lazić" rather than a river the tagger took for a man
        ent = (full or people)[-1]
        return self._role(ent, "person")

    def _company_before(self, pronoun) -> _Role | None:
        """"Promsvyaz Logistik was already subject to U.S. sanctions. On Wednesday [it] was designated by
        Britain": the company that is the subject just before, in this sentence or the one before."""
        start = self._doc[pronoun.sent.start - 1].sent.start if pronoun.sent.start else pronoun.sent.start
        before = self._doc[start:pronoun.i]
        subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"]
        objects = [t for t in before if t.dep_ == "dobj" and t.pos_ == "PROPN" and t.head.dep_ == "ROOT"]
        traded = [t for t in before if t.dep_ == "pobj" and t.pos_ == "PROPN" and t.head.lower_ in ("of", "in")
                  and t.head.head.lemma_ in ("share", "stock")]  # "Shares of [Dongrui Semiconductor] fell ..."
        for subject in list(reversed(subjects)) + list(reversed(objects)) + traded:
            role = self._phrase(subject)
            if role is not None and self._is_name(role) and not _is_authority(role.entity) \
                    and role.entity.type not in ("person", "government"):
                return role
        return None

    def _conjoined(self, token) -> list[_Role]:
        if token.pos_ == "NOUN" and token.lemma_ in _GENERIC_PARTIES:
            including = next((t for t in token.sent if t.i > token.i and t.lower_ in ("including", "among")
                              and t.dep_ == "prep"), None)
            pobj = next((c for c in including.children if c.dep_ == "pobj"), None) if including is not None else None
            if pobj is not None:
                token = pobj
        counted = _counted_plural(token)
        extra_named: list[_Role] = []
        heads, queue = [], [token]
        while queue and len(heads) < 30:
            head = queue.pop(0)
            named = self._named(head)
            if named in heads:
                continue
            after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
            if head is not token and after is not None and after.lemma_ in _REPORTING_VERBS and after.pos_ == "VERB":
                continue  # "..., and [Y], EU foreign ministers said": who reports, not who is listed
            heads.append(named)
            # "two officials, [A] and [B]": the names' conjuncts as well as the description's; "[X] and two
            # exchange houses, [A] and [B]" (the parser hangs A on X)
            counted_after = [c for c in named.conjuncts if c.i > named.i and _counted_plural(c)]
            if counted_after and named.pos_ == "PROPN":
                queue += [c for c in named.children if c.dep_ == "appos" and c.pos_ == "PROPN"
                          and c.i > counted_after[0].i and c not in heads]
            for c in named.children:  # "[Cedar Coast Petroleum], its owner [Ali Hassan Mroueh], and ...": a
                # party the description relates to the first, named in its own right
                if c.dep_ == "appos" and c.pos_ == "NOUN" and named.pos_ == "PROPN" \
                        and any(p.dep_ == "poss" and p.lower_ in ("its", "their") for p in c.children):
                    relative = self._named(c)
                    if relative is not c and relative.pos_ == "PROPN" and relative not in heads:
                        queue.append(relative)
            if named.pos_ == "PROPN":  # "[Reza Tavakoli], who police say orchestrated plots ..., and [Nasser
                # Zarandi]": the parser hung the next name inside the description of the one before
                described = [t for c in named.children if c.dep_ in ("relcl", "appos", "acl") for t in c.subtree]
                queue += [t for t in described if t.dep_ == "conj" and t.pos_ == "PROPN" and t.head.pos_ == "NOUN"
                          and t.head.is_lower and t.left_edge.i >= 2 and t.doc[t.left_edge.i - 1].lower_ == "and"
                          and t.doc[t.left_edge.i - 2].text == "," and t.ent_type_ in ("PERSON", "ORG", "")
                          and t not in heads and t not in queue]
            if named.pos_ == "NUM":  # "it and two of its subsidiaries, [A] and [B]"
                whole = _prep_object(named, ("of",))
                if whole is not None and whole.tag_ == "NNS":
                    queue += [c for c in whole.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c not in heads]
                    extra_named += self._including_names(whole)  # "three of its executives, including [X]"
                    extra_named += self._partitive_names(named)  # "[X] and two of its members, [A] and [B],"
            queue += [t for t in {*head.conjuncts, *named.conjuncts} if t.i > named.i and t not in heads
                      and t.ent_type_ not in ("DATE", "MONEY")
                      and not (t.ent_type_ == "GPE" and token.ent_type_ != "GPE"
                               and not (counted and t.head.dep_ == "appos" and t.head.head == token)
                               and not any(c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" and c.is_lower
                                           for c in t.children))]  # "the gold exporter [Oro Segoviano]"  # "X Systems,
            # [Owego]"; but "two operators, A and [Inmobiliaria Costa Jalisco]" counts parties, not places
        roles = [self._person_before(t) if t.lower_ in ("him", "her") and t.pos_ == "PRON"
                 else self._company_before(t) if t.lower_ == "it" and t.pos_ == "PRON"
                 else self._trim_description(self._phrase(t)) for t in sorted(heads, key=lambda t: t.i)]
        roles = [r for r in roles if r is not None and not _CODE.search(r.text)]
        for role in list(roles):  # "designers Xinyao Semiconductor and Pengli Microelectronics": NER ran the two together
            ent = next((e for e in self._doc.ents if e.start_char <= role.start < e.end_char
                        and any(t.lower_ == "and" for t in e)), None)
            if ent is not None:
                whole = _Role(ent.text, ent.start_char, ent.end_char, Entity(id="joined", name=ent.text, type="unknown"))
                roles += [r for r in self._split_joined(whole) if all(r.start != o.start for o in roles)
                          and all(not (o.start <= r.start < o.end) for o in roles)]
            before = next((e for e in self._doc.ents if e.end < len(self._doc) and self._doc[e.end].lower_ == "and"
                           and e.end + 1 < len(self._doc) and self._doc[e.end + 1].idx == role.start
                           and e.label_ in ("ORG", "PERSON")), None)
            if before is not None and all(o.start != before.start_char for o in roles):
                # "[Xinyao Semiconductor] and Pengli Microelectronics", parsed as one name's modifier
                roles.append(self._role(before))
        roles.sort(key=lambda r: r.start)
        for head in heads:  # "[X] and six associates, among them [A] and [B]"
            if head.pos_ == "NOUN" and head.tag_ == "NNS" and head is not token:
                roles += [r for r in self._including_names(head) if all(r.start != o.start for o in roles)]
        roles += [r for r in extra_named if all(r.start != o.start for o in roles)]
        return roles

    def _trim_description(self, role: _Role | None) -> _Role | None:
        """"Chinese lidar supplier [Lumivision]": the name without the words describing it."""
        if role is None or role.entity.id in self.gazetteer.ids:
            return role
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None or len(span) < 2:
            return role
        cut = max((t.i for t in span if t.pos_ in ("NOUN", "ADJ", "VERB") and t.is_lower), default=None)
        doc = span.doc
        while cut is not None and cut + 1 < span.end and (doc[cut + 1].text == "-" and not doc[cut].whitespace_
                                                          or doc[cut].text == "-" and doc[cut + 1].is_lower):
            cut += 1  # "Mysuru start-[up] Vidyut Silicon": the hyphenated description ends after "up"
        if cut is None or cut + 1 >= span.end or not all(t.pos_ == "PROPN" or t.text == "-" and not t.whitespace_
                                                         for t in span.doc[cut + 1:span.end]):  # "... [Aerosnab-Tver]"
            return role
        name = span.doc[cut + 1:span.end]
        return self._role(name)

    def _name_within(self, role: _Role) -> _Role | None:
        """The first name inside a described party: "the London headquarters of [Merrow Capital]"."""
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None:
            return None
        for token in span.root.subtree:
            if token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "NORP", "DATE") and token.dep_ in (
                    "pobj", "poss", "appos", "compound", "nsubj", "dobj") and token.head.pos_ != "PROPN":
                named = self._phrase(token)
                if named is not None and self._is_name(named) and named.start != role.start:
                    return named
        return None

    def _is_name(self, role: _Role) -> bool:
        """Whether a role names someone ("Huawei", "Oumar Diallo") rather than describes ("Georgian officials")."""
        if role.text.islower() or role.text in _NOT_PARTIES:
            return False  # "electoral council": a description, even when a gazetteer alias is spelt so
        if role.entity.id in self.gazetteer.ids:
            return True
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None:
            return False
        if span.root.pos_ == "NOUN" and span.root.is_title and span.root.i != span.root.sent.start \
                and span.root.ent_type_ not in ("NORP", "DATE") and span.root.lower_ not in _AUTHORITY_WORDS \
                and span.root.i not in self._list_tokens and not span.root.is_upper \
                and not (span.root.i + 1 < len(self._doc) and self._doc[span.root.i + 1].text == "-"
                         and not span.root.whitespace_):  # not "[Zug]-based", "[Georgian]-registered"
            return True  # "online ticketing platform [Brightlane]": a name the tagger took for a noun
        if span.root.pos_ == "NOUN" and span.root.i not in self._known_by_token:
            # "the Black Tide cartel" names a group; "London headquarters", "Hong Kong firms" do not;
            # "the Los Cuervos cartel" does, though the tagger took "Los Cuervos" for a place
            group = span.root.lemma_ in _GROUP_NOUNS
            return any(t.pos_ == "PROPN" and (t.ent_type_ not in ("GPE", "NORP") or group and t.text not in self.gazetteer.demonym_names)
                       and t.i != span.root.i for t in span)
        return any(t.pos_ == "PROPN" and t.ent_type_ != "NORP" or t.ent_type_ in ("ORG", "PERSON", "GPE", "FAC")
                   for t in span) and not all(t.ent_type_ == "NORP" or not t.is_alpha for t in span)

    def _named(self, token):
        """A description's name: "the crypto exchange [Grinex]", "its managing director, [Reza Khalili]",
        "[Microsoft]'s cloud businesses"."""
        if token.pos_ == "NOUN":
            name = next((c for c in token.children if c.pos_ == "PROPN" and c.i not in self._list_tokens and (
                c.dep_ == "appos" or c.dep_ == "npadvmod" and c.i == token.i + 1)), None)
            following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            tagged_off = following is not None and following.is_title and following.pos_ in ("ADV", "ADJ") \
                and not following.is_stop and not following.ent_type_  # "the app [Vibely]" tagged an adverb
            if name is None and following is not None and (following.pos_ == "PROPN" or tagged_off) \
                    and any(c.dep_ in ("det", "poss", "amod", "compound") for c in token.children) \
                    and following.head.i != token.i:
                # "the message board 4chan", parsed apart from its description
                end = following.i
                while end + 1 < len(token.doc) and token.doc[end + 1].pos_ == "PROPN":
                    end += 1
                name = token.doc[end]
            token = name if name is not None else token
        if token.pos_ == "NOUN" and token.lemma_ in _HOLDINGS:  # "into [Microsoft]'s cloud businesses"
            owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if owner is None and token.lemma_ in ("office", "headquarters", "premise"):  # "the offices of [X]"
                owner = _prep_object(token, ("of",))
                owner = owner if owner is not None and owner.pos_ == "PROPN" else None
            token = owner if owner is not None else token
        return token

    def _events_for(self, span, rule: Rule, triggers, claimed_lists) -> list[NewsEvent]:
        root = span.root
        if root.dep_ in ("amod",) and rule.kind != "regulation" and not rule.is_list:
            return []  # "designated driver", "contracted suppliers"
        if _inside_a_name(span, rule):
            return []  # "NASA's Volatiles Investigating Polar Exploration Rover", "David Law"
        if root.lemma_ == "sanction" and root.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "nsubjpass") and c.lemma_ in _APPROVED_THINGS for c in root.children):
            return []  # "The council sanctioned plans for a park-and-ride site": approved
        sent = span.sent
        actor = None
        targets: list[_Role] = []
        label = None
        pred = root
        if rule.is_list:
            if span.start in claimed_lists:
                return []
            readded = None
            if root.dep_ == "pobj" and root.head.lower_ == "from":
                # "removed two firms from the Entity List but [added] X": the list a later verb adds to
                verb = _governor(root)
                readded = next((c for c in verb.children if c.dep_ == "conj" and c.lemma_ in (
                    "add", "place", "put", "include", "list", "designate") and any(
                    k.dep_ == "dobj" for k in c.children)), None) if verb is not None else None
                if readded is None:
                    return []  # "moves Indonesia from the Watch List to the Priority Watch List": the list it leaves
            holder = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "on" else None
            if holder is not None and holder.pos_ == "NOUN" and holder.tag_ == "NN" and holder.is_lower \
                    and holder.head.lower_ != "as" and self._doc[max(holder.left_edge.i - 1, 0)].lower_ != "as" \
                    and any(c.lower_ in ("a", "an") for c in holder.children) and self._named(holder) is holder:
                return []  # "46 shipments to [a party] on the SDN list": someone listed, unnamed, in passing
            label = _list_label(span)
            pred = _governor(root)
            if pred is None:
                return []
            held = root.head.head if root.dep_ == "pobj" and root.head.lower_ in ("to", "on") else None
            if held is not None and held.pos_ == "NOUN" and held.lemma_ in ("inclusion", "addition", "placement") \
                    and any(c.dep_ == "poss" for c in held.children):
                pred = held  # "since [its addition] to the Entity List": the noun, not the verb above it
            pred = readded or pred
            other = next((t for t in triggers if t.start <= pred.i < t.end), None)
            if other is not None and self.rules[other.label_].kind == rule.kind and not self.rules[other.label_].is_list:
                if span.start not in claimed_lists:
                    self._second_labels.append((other, span))  # "as an FTO and as an SDGT": maybe a second label
                return []  # the governing trigger reports this event and takes the label
        elif root.head.i != root.i and root.head.i in self._trigger_roots.get(rule.kind, ()) \
                and not (root.pos_ == "VERB" and root.dep_ == "conj"):  # "designated X ... and identified Y"
            return []  # "awarded X a contract": the verb's event already covers the noun
        elif (root.dep_ in ("compound", "nmod") or root.dep_ == "amod" and rule.kind == "regulation") \
                and root.head.pos_ == "NOUN":
            if rule.kind == "regulation" and rule.subtype != "enforcement" and root.head.lemma_ in _CONTRACT_NOUNS:
                return []  # "a framework contract" is a contract, not a regulation
            if rule.kind == "contract" and root.head.lemma_ not in _CONTRACT_HEADS:
                return []  # "contract killer", "contract workers", "contract law"
            pred = root.head  # "a cease-and-desist letter", "a defense contract award"
        headline = None if rule.is_list else self._headline_roles(span)
        actor, targets = headline if headline is not None else self._roles(pred, rule, span)
        if actor is not None and actor.text.lower() in _MEMBER_WORDS:
            phrase = self._doc.char_span(actor.start, actor.end, alignment_mode="expand")
            body = _prep_object(phrase.root, ("in", "of", "from", "at")) if phrase is not None else None
            role = self._phrase(body) if body is not None else None
            actor = role if role is not None and _is_authority(role.entity) else actor  # "Lawmakers in the [Bundestag]"
        if rule.is_list and pred.pos_ == "NOUN" and pred.lemma_ in ("inclusion", "addition", "placement", "listing"):
            # "[Huawei]'s inclusion on the Entity List", "the listing of [Rosneft Trading] by [the EU]"
            of = _prep_object(pred, ("of",))
            poss = next((c for c in pred.children if c.dep_ == "poss"), None)
            by = _prep_object(pred, ("by",), ("prep", "agent"))
            owner = (self._company_before(poss) if poss.lower_ == "its" else self._phrase(poss)) \
                if poss is not None else None  # "[Dongrui Semiconductor] ... since its addition to the Entity List"
            named = [r for r in self._targets(of) if self._is_name(r)] if of is not None else (
                [owner] if owner is not None and self._is_name(owner) and not _is_authority(owner.entity) else [])
            if named:
                targets = named
                agent = self._phrase(by) if by is not None else None
                actor = agent or (owner if of is not None and owner is not None and _is_authority(owner.entity)
                                  else actor)
        if rule.is_list and rule.kind == "designation":
            added = self._added_to_list(span, pred)
            if added is not None:
                actor, targets = added[0] or actor, added[1]
        if rule.id == "designation.grey_list" and pred.pos_ == "VERB":
            # "put [Tajikistan] and [Papua New Guinea] on its grey list": the listed are jurisdictions
            obj = next((c for c in pred.children if c.dep_ == "dobj"), None)
            countries = [r for r in (self._phrase(t) for t in ([obj, *obj.conjuncts] if obj is not None else []))
                         if r is not None and r.entity.type in ("government", "unknown", "organization")]
            targets = targets + [r for r in countries if all(not (t.start <= r.start < t.end) for t in targets)]
        if actor is None and root.pos_ == "NOUN":  # "an executive order signed by [the president]"
            signed = next((c for c in root.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
            by = _prep_object(signed, ("by",), ("agent",))
            role = self._phrase(by) if by is not None else None
            actor = role if role is not None and _is_authority(role.entity) else actor
        if rule.id == "regulation.fined_verb" and root.dep_ == "ROOT" and actor is not None \
                and not _is_authority(actor.entity) and headline is None:
            # headline passive: "[Northbridge Building Society] fined £4.8m over ...", then "The [FCA] said ..."
            amount_object = next((c for c in root.children if c.dep_ == "dobj" and (
                c.like_num or c.ent_type_ == "MONEY" or any(a[0] <= c.idx < a[1] for a in self._amounts))), None)
            if amount_object is not None:
                targets, actor = [actor], self._next_authority(sent)
        if pred.tag_ in ("VBN", "VBD") and pred.dep_ in ("advcl", "acl") and pred.head.lemma_ == "be" and any(
                c.lower_ == "among" for c in pred.head.children):
            # "[A] and [B] were among five producers ... fined €31.5 million by [the Commission]"
            subject = next((c for c in pred.head.children if c.dep_ == "nsubj"), None)
            by = _prep_object(pred, ("by",), ("prep", "agent"))
            named = [r for r in self._targets(subject) if self._is_name(r)] if subject is not None else []
            if named:
                targets = named
                actor = (self._phrase(by) if by is not None else None) or actor
        if rule.id == "designation.asset_freeze" and root.pos_ == "VERB" and root.dep_ in ("ccomp", "conj") \
                and root.head.lemma_ in ("impose", "order", "announce", "approve", "slap") and headline is None:
            # "imposed asset freezes and travel bans on [X]": the tagger took "freezes" for a verb whose
            # subject is "asset"; the imposing verb's subject acts and the parties follow "on"
            subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
            actor = self._phrase(subject) if subject is not None else actor
            pobj = _prep_object(root, ("on",))
            targets = self._targets(pobj) if pobj is not None else targets
        if rule.kind == "regulation" and rule.subtype == "enforcement" and root.pos_ == "VERB" \
                and headline is None and not any(c.dep_ == "nsubjpass" for c in root.children):
            listed_names = self._names_after(root)  # "fined Apple €500 million and Meta €200 million"
            if len(listed_names) > len(targets):
                targets = listed_names
        if rule.id in _VERB_CHECKS:
            checked = self._verb_roles(rule, root, actor, targets)
            if checked is None:
                return []
            actor, targets = checked
            if rule.kind == "regulation" and rule.subtype == "enforcement" and not targets:
                return []  # "blocking its bid": whose?
        subject = actor
        if actor is not None and actor.entity.type == "unknown":
            actor = None  # "Forced-labour concerns prompted ...": actors are named parties, not descriptions
        if actor is None:
            # "X was added to the Entity List, the Bureau said"; "The CMA said it was not minded to designate"
            reporter = self._phrase(_reporting_subject(pred))
            if reporter is not None and _is_authority(reporter.entity):
                actor = reporter
        if actor is None and rule.kind != "contract":
            # "The State Department acted after months of lobbying. [It] designated ...": the authority
            # the previous sentence named
            subj = next((c for c in pred.children if c.dep_ == "nsubj"), None) if pred.pos_ in ("VERB", "AUX") else None
            if subj is not None and (subj.lower_ in ("it", "they") or subj.lower_ in _AUTHORITY_WORDS
                                     and any(c.lower_ == "the" for c in subj.children)):
                actor = self._previous_authority(sent)
        if rule.is_list and root.dep_ == "pobj" and root.head.head.pos_ in ("PROPN", "NOUN") \
                and root.head.head.i != pred.i and root.head.head.i not in self._list_tokens:
            # "... and [Stankoinvest] on the Military End-User List": the list's own object
            own = self._targets(root.head.head)  # with its conjuncts: "X and his company, Y, to the list"
            within = own and {r.start for r in own} < {r.start for r in targets}  # "add [A] and the group [B] to
            # the list", the list hung from B: the verb's objects, all of them
            if (any(self._is_name(r) for r in own) or not any(self._is_name(r) for r in targets)) and not within:
                targets = own or targets  # not "added 14 entities [under 16 entries] to the Entity List, including X"
        elif rule.is_list and root.dep_ == "pobj" and root.head.i > sent.start:
            # two lists in one sentence: "... X on the Entity List and Y on the Military End-User List"
            other_lists = [t for t in triggers if self.rules[t.label_].is_list and t.sent == sent and t != span]
            before = root.doc[root.head.i - 1]
            if other_lists and before.pos_ == "PROPN" and before.i not in self._list_tokens \
                    and not any(t.start <= before.i < t.end for t in targets_spans(targets, root.doc)):
                own = self._phrase(before)
                targets = [own] if own is not None else targets
        if rule.is_list and not targets and pred.pos_ == "NOUN" and pred.dep_ in ("pobj", "attr", "dobj"):
            targets = []
        rule_id = rule.id
        list_subtype = None
        listed = None
        if not rule.is_list:
            listed = self._label_near(root, rule, triggers, claimed_lists)
            if listed is not None:
                label, rule_id = listed.text, f"{rule.id}+{listed.label_}"
                list_subtype = self.rules[listed.label_].subtype
        fallback = False
        if actor is None and rule.kind in ("regulation", "contract") and (subject is None or rule.kind == "contract"):
            actor = self._nearest(sent, root, authority=True)
            fallback = actor is not None
        if not targets and rule.kind == "contract":
            targets = self._party_after(root, actor)  # "... worth up to $99 million with [Shield AI]"
        if targets and rule.subtype == "enforcement" and not self._is_name(targets[0]):
            inner = self._name_within(targets[0])  # "a probe into the app store fees charged by [Lumera]"
            if inner is not None:  # "collusion between [A] and [B]": the name and its conjuncts
                token = self._doc.char_span(inner.start, inner.end, alignment_mode="expand").root
                more = [r for r in self._targets(token) if self._is_name(r)] if token.conjuncts else []
                if len(more) > 2 and token.dep_ == "pobj" and token.head.lower_ in ("at", "of", "from") \
                        and more[0].start == inner.start:
                    more = more[1:]  # "Two former traders at [Ravensbourne Commodities], A and B": their employer
                targets = more if len(more) > 1 else [inner]
        if rule.subtype == "enforcement" and root.pos_ == "NOUN" and root.dep_ == "dobj" and root.head.lemma_ == "pay":
            actor, targets = self._payer_roles(root.head, actor, targets)
        elif rule.subtype == "enforcement" and root.pos_ == "NOUN" and root.dep_ == "pobj" and root.head.lower_ == "in" \
                and root.head.head.dep_ == "dobj" and root.head.head.head.lemma_ == "pay":
            actor, targets = self._payer_roles(root.head.head.head, actor, targets)  # "pay A$8.5 million in penalties"
        elif rule.subtype == "enforcement" and root.pos_ == "NOUN" and root.dep_ == "dobj" \
                and root.head.lemma_ in ("resolve", "settle") and not any(self._is_name(t) for t in targets):
            settler = self._settler(root.head)  # "[The company], which paid $14mn to resolve a Justice Department
            targets = [settler] if settler is not None else targets  # investigation into kickbacks"
        if not targets and rule.subtype == "enforcement" and pred.pos_ == "NOUN":
            targets = self._party_after(root, actor, ("on", "against", "at") if rule.id == "regulation.dawn_raid"
                                        else ("on", "against"))  # "a penalty of Rs 213 crore on [Meta]", "inspections at"
            if not any(self._is_name(t) for t in targets):
                targets = [r for r in self._included(sent, actor, pred) if not _is_authority(r.entity)] or targets
        if rule.subtype == "enforcement" and pred.pos_ == "NOUN" and targets and self._is_name(targets[-1]):
            # "penalties of S$1.6 million on [A] and S$800,000 on [B]": each amount's party
            targets = self._parties_of([t for t in sent if t.i > root.i and t.lower_ == "on" and t.dep_ == "prep"
                                        and t.idx > targets[-1].end
                                        and any(a[1] in (t.idx - 1, t.idx) for a in self._amounts)], targets)
        if targets and not self._is_name(targets[0]) and (rule.subtype == "enforcement" or rule.kind == "designation"):
            # "fined online retailer [Zakupy24]"; "... into [Thornbury Academies Trust]. It fined the trust"
            better = self._name_following(targets[0]) or self._antecedent(targets[0], sent)
            targets = [better] + targets[1:] if better is not None else targets
        if actor is not None and actor.text.lower() in _AUTHORITY_WORDS and (
                not actor.text[:1].isupper() or actor.entity.id not in self.gazetteer.ids):  # "The Department is .."
            earlier = self._previous_authority(sent, actor.text.lower())  # "The watchdog said it had fined ...": which
            actor = earlier if earlier is not None else actor
        if not targets and rule.kind != "regulation":
            nearest = self._nearest(sent, root, authority=False, exclude=actor)
            if nearest:
                targets = [nearest]
                fallback = True
        if rule.kind == "contract" and actor and targets and not _is_authority(actor.entity) \
                and _is_authority(targets[0].entity):
            actor, targets = targets[0], [actor] + targets[1:]
        if sent.text.lstrip().split(":")[0].lower() in ("opinion", "explainer", "analysis", "comment", "editorial") \
                and ":" in sent.text[:14]:
            return []  # "Opinion: Washington's appetite for regulating ...": a view, not news
        if rule.id == "regulation.regulate_verb" and root.dep_ == "pcomp" and root.head.head.pos_ == "NOUN":
            return []  # "an appetite for regulating every corner of the market"
        if sent.text.rstrip().endswith("?") or sent.text.rstrip().endswith('?"'):
            return []  # "How does the Commission calculate an antitrust fine?": a question reports nothing
        if rule.subtype == "enforcement" and root.pos_ == "NOUN":
            if root.head.lemma_ in _CONCLUDE_VERBS or root.head.dep_ == "prt" and root.head.head.lemma_ in _CONCLUDE_VERBS \
                    or any(c.dep_ == "prt" for c in root.head.children) and root.head.lemma_ in _CONCLUDE_VERBS:
                return []  # "wrapped up a ten-month inquiry": its outcome is the news, reported on its own
            if root.lemma_ == "penalty" and (
                    root.head.lower_ == "on" and root.head.head.lemma_ in ("win", "beat", "lose", "defeat", "go", "advance")
                    or any(c.lemma_ in _SPORT_WORDS for c in root.children) or root.head.lemma_ in _SPORT_WORDS):
                return []  # "beat South Korea 4-2 on penalties", "a penalty kick"
            if not targets and any(c.lower_ == "no" and c.dep_ == "det" for c in root.children) \
                    and root.head.lemma_ in ("carry", "entail", "attract", "bring", "involve"):
                return []  # "it carries no criminal penalty on its own": what a status entails, not an action
            if root.tag_ == "NNS" and root.lemma_ in ("fine", "penalty") and not targets and not any(
                    c.dep_ in ("det", "poss") for c in root.children) and not any(
                    t.lower_ in ("on", "against") for t in root.head.subtree):
                return []  # "authorities imposed fines worth €1.2 billion last year": a statistic
        if rule.id == "regulation.regulate_verb" and any(c.dep_ == "dobj" and (c.lemma_ in _TRADE_FLOWS or any(
                k.dep_ == "nummod" for k in c.children)) for c in root.children):
            return []  # "banned exports to 22 organisations": an export control on named buyers, not a law
        if rule.id == "regulation.regulate_verb" and root.dep_ in ("acl", "relcl", "amod"):
            return []  # "a bill regulating app stores": the bill is the event
        if rule.id == "regulation.rule_noun" and root.lemma_ == "ban" and any(
                c.lower_ in ("travel", "visa", "entry") for c in root.children):
            return []  # a travel ban goes with sanctions on people; it is not a rule
        if rule.kind == "regulation" and root.tag_ in ("NNS", "NNPS") and not any(
                c.dep_ in ("det", "poss", "nummod") for c in root.children) and root.dep_ in ("nsubj", "nsubjpass"):
            return []  # "Executive orders can be reversed ...": about the kind, not one of them
        if rule.kind == "regulation" and rule.subtype != "enforcement" and root.tag_ == "NNS" and not any(
                c.dep_ in ("det", "poss", "nummod") or c.lower_ in ("draft", "new", "proposed", "final", "tougher",
                                                                      "stricter", "updated", "revised")
                for c in root.children) and root.dep_ in ("dobj", "pobj") \
                and root.head.lemma_ not in _ADOPTION_VERBS and (root.dep_ == "dobj" or root.head.head.lemma_ not in
                                                                   _ADOPTION_VERBS | _DECISION_NOUNS):
            return []  # "when drafting or revising national laws": laws in general, not one adopted
        if rule.id == "regulation.regulate_verb" and (
                root.head.lemma_ in ("let", "allow", "enable", "empower", "permit", "urge", "call", "ask")
                and root.dep_ in ("xcomp", "ccomp", "advcl")
                or any(c.dep_ == "nsubjpass" and c.tag_ == "NNS" and not any(k.dep_ in ("det", "poss", "nummod")
                                                                             for k in c.children)
                       for c in root.children)):
            return []  # "lets the authority ban self-preferencing", "Companies ... are not banned outright"
        if rule.kind == "regulation" and rule.subtype != "enforcement" and root.tag_ == "NNS" and root.dep_ == "dobj" \
                and root.head.lemma_ == "have" and not any(c.dep_ in ("det", "poss", "nummod") for c in root.children):
            return []  # "137 of its 194 member states now have data protection laws": a count of laws, not one made
        if rule.id == "regulation.charged_verb" and root.dep_ in ("acl", "amod"):
            return []  # "the fees charged on its product": a price, not a prosecution
        if rule.id == "regulation.law_noun" and (root.dep_ == "compound" and root.head.lemma_ in _LAW_COMPOUND_HEADS):
            return []  # "law enforcement", "law firm"
        if rule.kind == "regulation" and rule.subtype != "enforcement" and pred.head.lemma_ in _BREACH_VERBS \
                and pred.dep_ in ("dobj", "pobj"):
            return []  # "violating espionage laws": a law invoked, not made
        consent = rule.id == "regulation.decree" and any(c.lower_ == "consent" for c in root.children)
        if consent:  # "reached a consent decree with [Pemberton Grain Co.]": an enforcement settlement
            targets = self._party_after(root, actor, ("with", "against")) or targets
        elif rule.subtype == "executive_order":
            targets = []  # an order's addressees are not who it regulates
        if rule.kind == "regulation" and not targets and rule.subtype != "enforcement":
            targets = self._obliged(pred, root)  # "..., requiring [issuers] to hold reserves"
        if actor is None and rule.kind == "regulation" and root.pos_ == "NOUN":
            # "In a 3-2 vote, the FCC adopted rules ...", parsed as "[FCC]-adopted rules"
            verb = next((c for c in root.children if c.dep_ == "amod" and c.pos_ == "VERB" and c.i < root.i), None)
            subject = next((c for c in verb.children if c.dep_ in ("npadvmod", "nsubj") and c.pos_ == "PROPN"),
                           None) if verb is not None else None
            role = self._phrase(subject) if subject is not None else None
            actor = role if role is not None and _is_authority(role.entity) else actor
        if rule.kind == "regulation" and root.head.lemma_ in _INTRODUCE_VERBS and root.dep_ == "dobj" \
                and root.lemma_ in ("bill", "legislation", "amendment", "measure"):
            return []  # "Senator X introduced a bill that would ...": a bill filed is not yet a decision
        if rule.kind == "regulation" and rule.subtype != "enforcement" and (
                root.dep_ == "dobj" and root.head.lemma_ in _DEBATE_VERBS
                or root.dep_ == "pobj" and root.head.head.lemma_ in _DEBATE_VERBS | {"hearing", "debate", "vote"}) \
                and (root.lemma_ in ("bill", "legislation", "law", "measure") or span[-1].text == "Bill"):
            return []  # "debated a bill", "a hearing on stablecoin legislation": still before a decision
        if rule.id == "regulation.rule_noun" and root.lemma_ in ("guidance", "guideline") and not any(
                t.lemma_ in _BINDING_WORDS for t in [*root.subtree, *sent[root.i - sent.start + 1:]]):
            return []  # guidance explains ("how employers can lawfully monitor staff"); it binds only when it
            # says so ("guidance, which requires sites to ...", "draft guidelines that would require ...")
        annulled = rule.kind == "regulation" and root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_ in _ANNUL_VERBS
        if annulled and rule.subtype != "enforcement":
            return []  # "a judge blocked the state's law": not adopted news (the fine a court annuls is negated)
        if rule.kind == "regulation":
            # a law named by its title may stand without a regulator ("The X Bill received royal assent"),
            # but not as a heading, and not a mere "Framework" or "Code"
            named_law = rule.id == "regulation.named_act" and actor is None and root.dep_ != "ROOT" \
                and span[-1].text in ("Act", "Bill", "Law", "Directive", "Regulation", "Ordinance")
            if not named_law and (actor is None or not _is_authority(actor.entity)):
                return []
            if headline is None and pred.pos_ in ("NOUN", "PROPN") and not (
                    pred.dep_ in ("dobj", "nsubjpass", "conj", "appos", "attr", "ROOT")
                    or pred.dep_ == "nsubj" and pred.head.lemma_ in _REGULATION_SUBJECT_VERBS
                    or pred.dep_ == "pobj" and pred.head.lower_ in ("on", "of", "into", "through")
                    and pred.head.head.pos_ == "VERB"
                    or pred.dep_ == "pobj" and pred.head.lower_ == "under" and rule.subtype == "enforcement"
                    or pred.dep_ == "pobj" and pred.head.lower_ == "in" and rule.subtype == "enforcement"
                    and pred.lemma_ in ("fine", "penalty", "damage", "restitution") and (pred.head.head.pos_ == "VERB" or pred.head.head.ent_type_ == "MONEY")
                    or pred.dep_ == "pobj" and pred.head.lower_ == "on"
                    and pred.head.head.lemma_ in _DECISION_NOUNS  # "a consultation on draft legislation"
                    or pred.dep_ == "pobj" and pred.head.lower_ == "to" and pred.pos_ == "PROPN"
                    and pred.head.head.pos_ in ("VERB", "NOUN")
                    or pred.dep_ == "pobj" and pred.head.lower_ == "to"  # "gave final approval to a bill"
                    and any(t.lemma_ in ("approval", "assent", "consent", "go-ahead", "nod") and t.pos_ == "NOUN"
                            for t in (pred.head.head, *pred.head.head.children))  # "gave final approval ... to"
                    or pred.dep_ == "pobj" and pred.head.lower_ == "under"
                    and any(c.lower_ in ("proposed", "draft", "new", "final") for c in pred.children)
                    or pred.dep_ == "poss" and pred.head.dep_ == "nsubj"
                    and pred.head.head.lemma_ in _REGULATION_SUBJECT_VERBS
                    or rule.subtype == "enforcement" and any(  # "The €310 million penalty imposed on X by Y is ..."
                        c.dep_ == "acl" and c.lemma_ in ("impose", "levy", "hand", "issue") for c in pred.children)):
                return []  # a law named in passing ("under the Digital Markets Act") is not news
            owner = next((c for c in root.children if c.dep_ == "poss" and c.pos_ == "PROPN"
                          and not span.start <= c.i < span.end), None)  # not the "Renters'" of "Renters' Rights Bill"
            owner_role = self._phrase(owner) if owner is not None else None
            if owner_role is not None and not _is_authority(owner_role.entity):
                return []  # "OpenAI's security framework" is a policy of a company
            if label is None and headline is None and root.pos_ in ("NOUN", "PROPN") and rule.subtype != "enforcement":
                label = self._label_phrase(span)
            label = _law_name(label, span) if label else None
        if rule.kind == "designation":
            if not any(self._is_name(t) for t in targets) and root.dep_ == "acl" and root.tag_ == "VBN":
                targets = self._described_by_participle(root) or targets
            governing = pred if pred.pos_ in ("VERB", "AUX") else _governor(pred)
            relative = governing is not None and any(c.dep_ in ("nsubjpass", "nsubj", "dobj", "mark")
                                                     and c.lower_ in ("who", "which", "that", "whom")
                                                     for c in governing.children)
            while governing is not None and governing.dep_ == "conj" and governing.head is not governing:
                governing = governing.head  # "..., which the FCC designated ... and which had been added to ..."
            if not any(self._is_name(t) for t in targets) and relative and governing is not None \
                    and governing.dep_ == "relcl":
                # "[Karim Haddad], a money changer who was sanctioned by the Treasury in 2021"; "[X], which
                # had been added to the Entity List"
                head = governing.head
                if head.dep_ == "appos" and head.pos_ == "NOUN":
                    head = head.head
                    if head.pos_ != "PROPN" and governing.head.left_edge.i >= 2 \
                            and self._doc[governing.head.left_edge.i - 1].text == ",":
                        head = self._doc[governing.head.left_edge.i - 2]  # "Lawyers for [Karim Haddad], a money changer"
                targets = [t for t in self._targets(head) if self._is_name(t)] or targets
            was_named = any(self._is_name(t) for t in targets)
            targets = [self._name_following(t) or t if not self._is_name(t) else t for t in targets]
            if not was_named and any(self._is_name(t) for t in targets):
                # names found only after a description ("Russian shipping magnate [Igor Zverev]"): the clause
                # may hold more ("... and his company, [Arktika Tankers]")
                targets += [r for r in self._names_in_clause(pred, span, actor) if not self._under(r)
                            and all(not (n.start <= r.start < n.end or r.start <= n.start < r.end) for n in targets)]
            targets = [part for t in targets for part in self._split_joined(t)]
            named = [t for t in targets if self._is_name(t)]
            basis = [t for t in named if self._under(t)]
            if basis:  # "imposed sanctions under the Special Economic Measures Regulations on [A] and [B]"
                named = [t for t in named if t not in basis]
                on = next((t for t in sent if t.i > root.i and t.dep_ == "prep" and t.lower_ in ("on", "against")), None)
                pobj = next((c for c in on.children if c.dep_ == "pobj"), None) if on is not None else None
                if not named and pobj is not None:
                    named = [r for r in self._targets(pobj) if self._is_name(r) and not self._under(r)] or \
                        [r for r in self._targets(pobj) if self._is_name(r)]
            if not named:  # "Three officials were added ...: [A], [B] and [C]"
                colon = next((t for t in sent if t.text in (":", "—", "–") and t.i > root.i), None)
                if colon is not None:  # the parser may end the sentence at the colon
                    end = colon.doc[colon.i + 1].sent.end if colon.i + 1 < len(colon.doc) else None
                    named = self._names_after(colon, end, semicolons=True)
            if named:  # "sanctioned X, along with its co-founders, [A] and [B]"
                for prep in (c for c in pred.subtree if c.dep_ == "prep" and c.lower_ in ("along", "together", "alongside")):
                    # "along with [its co-founders], [A] and [B]": the parser may hang the names on "along"
                    pobjs = [c for c in prep.children if c.dep_ == "pobj"] + [
                        k for c in prep.children if c.lower_ == "with" for k in c.children if k.dep_ == "pobj"]
                    for pobj in sorted(pobjs, key=lambda t: t.i):
                        named += [r for r in self._targets(pobj) if self._is_name(r)
                                  and all(r.start != n.start for n in named)]
            counted = [t for t in targets if self._is_count(t)] or ([] if named else self._counts_in_clause(pred))
            if not named and targets and not counted:  # "after designating the Finnish app-store operator as a
                # gatekeeper": the company named before
                earlier = self._antecedent(targets[0], sent)
                named = [earlier] if earlier is not None and (actor is None or earlier.entity.id != actor.entity.id) else []
            if not named:
                named = [r for r in self._names_in_clause(pred, span, actor) if not self._under(r)]  # names nearby
                if counted:  # not the names describing the counted ones: "25 ships that form part of Putin's fleet"
                    described = self._descriptions(counted)
                    named = [r for r in named if not any(r.start <= i < r.end for i in described)]
            targets = named
            if not targets and not counted and not (rule.id == "designation.sanctions_noun" and actor is not None
                                                    and _is_authority(actor.entity) and pred.dep_ in ("dobj", "pobj")):
                # "announced a fresh round of Russia-related sanctions" may be followed by whom they hit
                return []  # "blacklisted the driver", "designated a World Heritage site": no named party
            governing = pred if pred.pos_ == "VERB" or pred.dep_ in ("nsubj", "nsubjpass") else pred.head
            if pred.lemma_ in _UNLIST_VERBS or governing.lemma_ in _UNLIST_VERBS or any(
                    c.lower_ == "off" and c.dep_ in ("prt", "prep") for c in governing.children):
                return []  # "removed X from the SDN List", "lifted its asset freeze": the opposite event
            if rule.is_list and pred.lemma_ in _LIST_USE_VERBS:
                return []  # "failed to screen customers against sanctions lists"
        if actor is not None and any(t.entity.id == actor.entity.id for t in targets):
            if fallback:
                actor = None  # a guess that hit the target itself
            else:
                targets = [t for t in targets if t.entity.id != actor.entity.id]  # never both roles
        if rule.kind == "regulation" and targets and any(
                t.start == other.start_char and self.rules[other.label_].id == "regulation.named_act"
                for t in targets for other in triggers):
            if label is None:
                label = targets[0].text  # "enacted the [Punjab Preservation of Subsoil Water Act]"
            targets = []
        if rule.kind == "designation" and subject is None and actor is None and not label and pred.pos_ == "VERB" \
                and any(c.dep_ == "nsubj" and c.lower_ in _PRONOUNS for c in pred.children):
            return []  # "The company designated Ngozi Okafor as interim CFO"
        if rule.kind == "designation" and subject is not None and not _is_authority(subject.entity) and not label:
            return []  # "a bar blacklisted a rowdy guest": only authorities designate
        if rule.kind == "designation" and rule.id == "designation.sanctions_noun" and headline is None:
            modified = root
            while modified.dep_ in ("compound", "nmod", "conj", "amod") and modified.head is not modified \
                    and modified.head.pos_ in ("NOUN", "PROPN"):
                modified = modified.head
            if modified is not root and modified.lemma_ not in ("list", "regime", "designation", "package"):
                return []  # "sanctions screening", "sanctions lawyers", "money laundering and sanctions violations"
            if modified.lemma_ == "list" and (modified.head.lower_ == "against"
                                              or modified.head.head.lemma_ in _LIST_USE_VERBS):
                return []  # "failed to screen customers against sanctions lists"
            if modified.dep_ == "pobj" and modified.head.lower_ == "of" and modified.head.head.lemma_ in _EASING_NOUNS:
                return []  # "a broader easing of Syria sanctions"
            if root.dep_ == "nsubj" and root.head.lemma_ not in _AIM_VERBS | {"take", "come", "hit", "apply", "be"} \
                    and headline is None:
                return []  # "its argument that U.S. sanctions had made the voyage impossible": sanctions as a cause
            if modified.dep_ == "dobj" and modified.head.lemma_ in _BREACH_VERBS | {"skirt", "dodge", "bypass", "bust",
                                                                                     "avoid", "escape"} \
                    or modified.dep_ == "pobj" and modified.head.lower_ == "of" and modified.head.head.lemma_ in (
                        "breach", "violation", "evasion", "circumvention", "contravention"):
                return []  # "helping Russia evade sanctions", "in breach of the sanctions regime": nobody listed
            if modified.lemma_ == "regime" and modified.dep_ == "pobj" and modified.head.lower_ == "under":
                return []  # "sanctioned X under the Global Irregular Migration sanctions regime": the legal basis
            if modified.dep_ == "pobj" and modified.head.lower_ in ("in", "under") and any(
                    t.start <= modified.head.head.i < t.end and t != span
                    and self.rules[t.label_].kind == "designation" for t in triggers):
                return []  # "listing X in the next sanctions package": the verb's event
        self._root_i = root.i
        named_party = any(c.dep_ == "prep" and c.lower_ in ("with", "from") and any(
            g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.ent_type_ in ("ORG", "GPE")) for g in c.children)
            for c in root.children)
        if rule.id in _NEEDS_AMOUNT and not named_party and not self._amount_in(sent, rule):
            return []  # "deal" and "order" are contracts only when a value is stated
        amount = self._amount_in(sent, rule)
        if rule.kind == "contract" and not (targets and (actor or amount)):
            return []
        if rule.kind == "contract" and _not_a_procurement(rule, root, pred, sent, amount):
            return []
        clause_verb = next((a for a in root.ancestors if a.pos_ == "VERB"), None)
        if rule.id == "regulation.enforcement_noun" and any(
                a.lower_ == "for" and a.dep_ == "prep" and any(h.i in self._trigger_roots.get("regulation", ())
                                                               for h in a.ancestors)
                for a in root.ancestors):
            return []  # "fined three ferry operators ... for coordinating fuel surcharges": the wrong, not a penalty
        if rule.kind == "contract" and (any(a.lemma_ in _CHARGE_NOUNS | _WRONG_NOUNS and a.pos_ == "NOUN"
                                            for a in root.ancestors)
                                        or clause_verb is not None and any(c.lemma_ in _WRONG_NOUNS and c.dep_ == "dobj"
                                                                           for c in clause_verb.children)
                                        or root.head.lower_ == "under" and any(t.lemma_ in ("penalty", "fine") for t in sent)
                                        or rule.id == "contract.order_noun" and root.head.lower_ == "in"
                                        or clause_verb is not None and clause_verb.lemma_ in _BREACH_VERBS
                                        or any(a.i in self._trigger_roots.get("contract", ()) and a.i != root.i
                                               for a in root.ancestors)
                                        or any(a.i in self._order_roots for a in root.ancestors)  # "an executive
                                        # order ... directs agencies to give preference ... on contracts worth ..."
                                        or any(a.lower_ == "for" and a.dep_ == "prep" and any(
                                            h.i in self._trigger_roots.get("regulation", ()) or h.lemma_ in _ENFORCEMENT_NOUNS
                                            for h in [a.head, *list(a.head.ancestors)[:2]]) for a in root.ancestors)
                                        or rule.id == "contract.order_noun" and root.head.lower_ in ("by", "under")):
            # "charges that it bribed officials to win maintenance contracts": part of an allegation;
            # "by an order dated March 12, imposed a penalty": a regulator's order
            return []
        dod_format = rule.kind == "contract" and self._contracting_activity is not None
        if dod_format and (actor is None or fallback):
            actor = self._contracting_activity  # "..., is the contracting activity." (US DoD announcements)
            contractor = _contractor_heading(sent)
            if contractor is not None and root.i > contractor.end:  # "Lockheed Martin Rotary and Mission Systems, Owego, ..."
                targets = [_Role(contractor.text, contractor.start_char, contractor.end_char,
                                 self.gazetteer.resolve(contractor.text, fallback_type="company"))]
        modality = "negated" if annulled else modality_of(root, sent, range(span.start, span.end))  # "quashed the
        # £18.6m fine that the CMA had imposed"
        subtype = "enforcement" if consent else list_subtype or rule.subtype or _subtype(rule.kind, sent.text)
        if rule.kind == "designation" and subtype == "other" and actor is not None \
                and actor.entity.id in _SANCTIONS_AUTHORITIES:
            subtype = "sanctions_list"  # "the Council listed 9 individuals": the EU's sanctions
        if rule.kind == "contract" and subtype == "agreement" and amount is not None and actor is not None \
                and _is_authority(actor.entity) and any(c.lower_ in ("framework", "supply", "procurement", "purchase",
                                                                     "long-term", "term") for c in root.subtree):
            subtype = "award"  # "a framework agreement worth up to €1.1 billion with Rheinmetall": a purchase
        if rule.kind == "contract":
            verb = pred if pred.pos_ == "VERB" else next((a for a in pred.ancestors if a.pos_ == "VERB"), None)
            objects = [c for c in pred.children if c.dep_ in ("dobj", "nsubjpass", "attr")] + [root]
            if verb is not None and verb.lemma_ in _MODIFY_VERBS or subtype == "award" and any(
                    o.lemma_ in ("modification", "extension", "option", "amendment") for o in objects):
                subtype = "modification"  # "added £48m to Leonardo's support contract"
            elif verb is not None and verb.lemma_ in _END_VERBS:
                subtype = "other"  # "terminated its contract with ..."
        if rule.kind == "regulation" and subtype in ("law_adopted", "rule_adopted") and any(
                c.lower_ in ("draft", "proposed") for c in root.children):
            subtype = "rule_proposed"  # "draft legislation", "draft rules"
        if rule.id == "regulation.propose_verb" and root.lemma_ in ("finalize", "finalise", "adopt"):
            subtype = "rule_adopted"
        if subtype == "rule_proposed" and modality == "asserted":
            modality = "proposed"  # a proposal is proposed, however firmly it is announced
        if rule.kind == "regulation" and subtype in ("rule_adopted", "law_adopted") and modality == "proposed":
            subtype = "rule_proposed" if rule.id in ("regulation.rule_noun", "regulation.require_verb") else subtype
        list_rule = rule if rule.is_list else (self.rules[listed.label_] if listed is not None else None)
        jurisdiction = self._jurisdiction(actor, sent, list_rule or (rule if rule.jurisdiction else None))
        if jurisdiction is None and dod_format:
            jurisdiction = "US"  # the contracting-activity format is the US Department of Defense's
        if jurisdiction is None and label and rule.kind == "designation":
            # "the [UK] sanctions list", "the [EU] sanctions list"
            jurisdiction = next((c for c in map(self.gazetteer.country_of, label.split()[:-1]) if c), None)
        if rule.kind == "designation" and label is None:
            label = self._regime_label(pred)  # "... under its global human rights sanctions regime"
        if rule.kind == "contract" and subtype == "agreement":
            # an agreement is under a jurisdiction when one government body is a party, not between
            # two companies or two governments
            parties = [actor] + list(targets)
            governing = [p for p in parties if p is not None and _is_authority(p.entity)]
            jurisdiction = jurisdiction if len(governing) == 1 and governing[0] is actor else None
        date = next((e.text for e in sent.ents if e.label_ == "DATE"), None)
        confidence = 0.45 + 0.2 * (actor is not None) + 0.2 * bool(targets) + 0.1 * bool(label or amount)
        if fallback:
            confidence -= 0.1
        if rule.kind == "contract" and rule.subtype == "agreement" and actor is None:
            confidence -= 0.1
        targets = [t for t in targets if not _describes_by_hyphen(self._doc, t)  # "[Magnitsky]-style sanctions"
                   and not _a_source(self._doc, t)  # "According to a tally by the [Castellan Research Centre]"
                   and not _acting_alongside(self._doc, t)  # "The UK, alongside [the United States], sanctioned"
                   and t.text.split()[-1].lower() not in ("of", "and", "for", "the")]  # "[Group of] Seven"
        targets = [t for t in targets if not any(o is not t and o.start < t.start and t.end <= o.end
                                                 or o is not t and o.start <= t.start and t.end < o.end
                                                 for o in targets)]  # "Abdelrahim [Jumaa Ismail]": one name
        if rule.kind == "contract" and targets and not any(self._is_name(t) for t in targets):
            # "Eight companies won places on a $1.2bn contract ..., including [A] and [B]"
            targets = [r for r in self._included(sent, actor, pred) if not _is_authority(r.entity)] or targets
        if rule.kind == "designation" and targets and all(self._is_name(t) for t in targets):
            targets = self._complete_list(targets, sent)
            targets = self._parties_of([t for t in sent if t.lower_ in ("on", "against") and t.idx > targets[-1].end
                                        and self._doc[t.i - 1].lower_ == "and" and t.i > span.end],  # "sanctions
                                       targets, trim=True)  # on [A] and on [B]"
            targets += [r for r in self._included(sent, actor, pred)
                        if all(not (t.start <= r.start < t.end) for t in targets)]
        if rule.kind == "designation" and not any(self._is_name(t) for t in targets):
            # "Six institutes were placed on the Entity List, as was [Beijing Saifei]": the only name
            targets = self._elliptical_names(sent, span.end_char) or targets
        if rule.kind == "designation" and not targets:
            # "OFAC sanctioned six entities ... Among those designated are [A] and [B]": the names follow
            if actor is not None and _is_authority(actor.entity) and not any(a.start == sent.start for a in self._anchors):
                self._anchors.append(_Anchor(sent.start, sent.end, actor, subtype, modality, label,
                                             jurisdiction, rule_id, date, counted=True))
            return []
        if listed is not None:
            claimed_lists.add(listed.start)  # a list this event reports (not when it found nobody)
        out = []
        own_amounts = None
        if len(targets) > 1 and rule.kind != "designation":
            own_amounts = [self._amount_after(t, targets, sent) for t in targets]
            if None in own_amounts or len({a[0] for a in own_amounts}) != len(targets):
                own_amounts = None  # one shared amount ("contracts worth €75m each with A and B")
        for n, target in enumerate(targets or [None]):
            if own_amounts is not None:
                amount = own_amounts[n]
            out.append(NewsEvent(
                kind=rule.kind, subtype=subtype, modality=modality,
                trigger=span.text, trigger_start=span.start_char, trigger_end=span.end_char,
                actor=actor.text if actor else None, actor_id=actor.entity.id if actor else None,
                actor_name=actor.entity.name if actor else None, actor_type=actor.entity.type if actor else None,
                actor_start=actor.start if actor else None, actor_end=actor.end if actor else None,
                target=target.text if target else None, target_id=target.entity.id if target else None,
                target_name=target.entity.name if target else None,
                target_type=target.entity.type if target else None,
                target_start=target.start if target else None, target_end=target.end if target else None,
                amount=amount[2].text if amount else None, amount_value=amount[2].value if amount else None,
                currency=amount[2].currency if amount else None,
                amount_qualifier=amount[2].qualifier if amount else None,
                amount_start=amount[0] if amount else None, amount_end=amount[1] if amount else None,
                label=label, jurisdiction=jurisdiction, date_text=date,
                sentence=sent.text, sentence_start=sent.start_char, sentence_end=sent.end_char,
                rule_id=rule_id, confidence=round(max(0.05, min(confidence, 0.99)), 2),
            ))
        return out

    def _parties_of(self, preps, targets: list[_Role], trim: bool = False) -> list[_Role]:
        """``targets`` and the named parties of further prepositional phrases ("... on [B]") not among them yet."""
        out = list(targets)
        for prep in preps:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            roles = self._targets(pobj) if pobj is not None else []
            roles = [self._trim_description(r) for r in roles] if trim else roles
            out += [r for r in roles if r is not None and self._is_name(r) and not _is_authority(r.entity)
                    and all(r.start != o.start for o in out)]
        return out

    def _added_to_list(self, span, pred) -> tuple[_Role | None, list[_Role]] | None:
        """"The Security Council's 2140 Sanctions Committee added [X] to its sanctions list" when the parse hung the
        list on another word (the verb tagged a modifier, "to its list" on a relative clause): the names between
        the adding verb and the "to" or "on" before the list, and the authority named right before the verb."""
        doc, sent = self._doc, span.sent
        prep = None
        for t in reversed(doc[max(sent.start, span.start - 4):span.start]):
            if t.lower_ in ("to", "on", "onto"):
                prep = t
                break
            if t.pos_ not in ("DET", "PRON", "NOUN", "PROPN", "ADJ", "NUM", "PART"):
                return None
        if prep is None:
            return None
        verb = next((t for t in reversed(doc[sent.start:prep.i]) if t.lemma_ in ("add", "place", "put")
                     and t.tag_ in ("VBD", "VBN", "VBZ", "VBP", "VBG")), None)
        if verb is None or verb.i == pred.i:
            return None  # the parse hangs the list on the verb: the usual roles stand
        names = [r for r in self._names_after(verb, end=prep.i) if self._is_name(r) and not _is_authority(r.entity)]
        if not names:
            return None
        before = doc[verb.i - 1] if verb.i > sent.start else None
        actor = self._phrase(before) if before is not None and before.pos_ == "PROPN" else None
        return (actor if actor is not None and _is_authority(actor.entity) else None), names

    def _regime_label(self, pred) -> str | None:
        """The sanctions regime or programme a designation is made under, without "the" or "its"."""
        verb = pred if pred.pos_ in ("VERB", "AUX") else next((a for a in pred.ancestors if a.pos_ in ("VERB", "AUX")), None)
        for head in [h for h in (pred, verb) if h is not None]:
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "under"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ == "PROPN":
                    # "under the Special Economic Measures (Russia) Regulations"
                    start = min(t.i for t in pobj.subtree if t.dep_ != "det" or t.i == pobj.i)
                    end = pobj.i + 1
                    while end < prep.sent.end and (self._doc[end].pos_ == "PROPN" or self._doc[end].text in ("(", ")")):
                        end += 1
                    name = self._doc[start:end]
                    if len(name) > 1 and name[-1].text in ("Regulations", "Act", "Order", "Law", "Regime", "Decree",
                                                           "Programme", "Program", "Ordinance"):
                        return name.text
                    continue
                if pobj is None or pobj.lemma_ not in ("regime", "programme", "program", "regulation", "authority"):
                    continue
                words = [t for t in pobj.subtree if t.i <= pobj.i and t.dep_ not in ("det", "poss", "case")
                         and not any(a.dep_ == "poss" and a.i < pobj.i for a in t.ancestors if a.i != pobj.i)]
                if len(words) >= 2:
                    return self._doc[words[0].i:pobj.i + 1].text
        return None

    def _under(self, role: _Role) -> bool:
        """Whether a role sits in an "under ..." phrase: the legal basis, not a party."""
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None:
            return False
        for a in span.root.ancestors:
            if a.dep_ == "prep" and a.lower_ in ("including", "among"):
                return False  # "under 16 entries ..., including [X]"
            if a.dep_ == "prep" and a.lower_ == "under":
                pobj = next((c for c in a.children if c.dep_ == "pobj"), None)
                return pobj is not None and (pobj.pos_ == "PROPN" or pobj.lemma_ in _LEGAL_BASIS_WORDS)
        return False

    def _described_by_participle(self, verb) -> list[_Role]:
        """"[Kowloon Apex Trading], one of two Hong Kong firms sanctioned by OFAC": the party the
        participle describes."""
        noun = verb.head
        if noun.pos_ == "PROPN":
            return self._targets(noun)
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in ("one", "two", "three", "among"):
            noun = noun.head.head
        if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
            return self._targets(noun.head)
        if noun.dep_ == "attr" and noun.head.lemma_ in ("become", "be"):
            subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
            if subj is not None:  # "[BazaarHub] became the 26th service designated as a VLOP by the Commission"
                return self._targets(subj)
        return []

    def _counts_in_clause(self, pred) -> list[_Role]:
        """"announced sanctions ... against 6 individuals and 3 entities", "adding 31 entities": counted parties."""
        clause = pred if pred.pos_ in ("VERB", "AUX") else next(
            (a for a in pred.ancestors if a.pos_ in ("VERB", "AUX")), pred)
        out = []
        for token in clause.subtree:
            if token.lemma_ in _COUNTED_NOUNS and token.pos_ == "NOUN" and _has_number(token):
                out.append(_Role(token.text, token.idx, token.idx + len(token), Entity(
                    id="count", name=token.text, type="unknown")))
        return out

    def _descriptions(self, roles: list[_Role]) -> set[int]:
        """Character offsets of the words that describe counted parties (relative clauses, participles,
        prepositional phrases other than "including ...")."""
        out: set[int] = set()
        for role in roles:
            span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
            if span is None:
                continue
            for c in span.root.children:
                if any(t.lower_ in ("including", "among", "such") for t in c.subtree):
                    continue  # "14 entities ... to the Entity List, including [X]"
                if c.dep_ in ("relcl", "acl") or c.dep_ == "prep" and c.lower_ not in ("like", "as"):
                    out.update(t.idx for t in c.subtree)
        return out

    def _name_following(self, role: _Role) -> _Role | None:
        """"online retailer Zakupy24", "fintech Pagaleve": a name right after the description the parse took."""
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None or span.end >= len(self._doc):
            return None
        end = span.end
        while end < len(self._doc) - 1 and end - span.end < 3 and self._doc[end].is_lower \
                and self._doc[end].pos_ == "NOUN":
            end += 1  # "the food [delivery] app Deligo": the rest of the description
        after = self._doc[end]
        if end > span.end:
            span = self._doc[span.start:end]
        if not after.text[:1].isupper() or after.pos_ not in ("PROPN", "NOUN", "ADJ", "X") or after.ent_type_ in (
                "GPE", "NORP", "DATE", "MONEY", "CARDINAL") or span.root.pos_ != "NOUN" or span.root.i != span.end - 1:
            return None
        end = after.i + 1
        while end < len(self._doc) and self._doc[end].text[:1].isupper() and self._doc[end].pos_ in ("PROPN", "NOUN", "X"):
            end += 1
        name = self._doc[after.i:end]
        named = self._role(name)
        return None if _is_authority(named.entity) else named

    def _antecedent(self, role: _Role, sent) -> _Role | None:
        """"the trust", "the company": the named party an earlier sentence introduced."""
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None or span.root.pos_ != "NOUN" or not span.start or self._doc[span.start - 1].lower_ not in (
                "the", "this"):
            return None
        noun = span.root.lemma_
        if noun not in _ANAPHORIC_NOUNS and noun not in _GENERIC_PARTIES:
            return None
        start = self._doc[sent.start - 1].sent.start if sent.start else sent.start
        candidates = [e for e in self._doc.ents if start <= e.start and e.end <= span.start
                      and e.label_ in ("ORG", "PERSON", "PRODUCT")]
        for ent in reversed(candidates):
            named = self._phrase(ent.root)
            if named is None or _is_authority(named.entity) or not self._is_name(named):
                continue
            if noun in named.text.lower() or noun in ("company", "firm", "group", "business") and ent.label_ == "ORG":
                return named
        for token in reversed(self._doc[start:span.start - 1]):  # "the file-sharing site Stashbox ... the site"
            if token.lemma_ == noun and token.pos_ == "NOUN":
                described = _Role(token.text, token.idx, token.idx + len(token), Entity(id=noun, name=noun, type="unknown"))
                return self._name_following(described)
        if noun in _ANAPHORIC_NOUNS and span.root.tag_ == "NN":  # "Shares in Marlowe Water fell after Ofwat imposed a
            # penalty on the utility":
            # the one company named before
            heads = [t for t in self._doc[start:span.start] if t.pos_ == "PROPN" and t.head.i != t.i
                     and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos", "conj", "poss")
                     and t.ent_type_ not in ("GPE", "NORP", "DATE", "PERSON", "MONEY", "LAW", "EVENT")]
            named = [r for r in (self._phrase(t) for t in heads)
                     if r is not None and not _is_authority(r.entity) and r.entity.type != "government" and self._is_name(r)]
            if len({r.entity.id for r in named}) == 1:
                return named[-1]
        return None

    def _split_joined(self, role: _Role) -> list[_Role]:
        """"ship managers Orion Fleet Management and Teal Harbour Shipping": the two names one span took in."""
        if " and " not in role.text or role.entity.id in self.gazetteer.ids:
            return [role]
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None:
            return [role]
        joint = next((t for t in span if t.lower_ == "and"), None)
        left, right = self._doc[span.start:joint.i], self._doc[joint.i + 1:span.end]
        if not len(left) or not len(right) or not right[0].text[:1].isupper() or not left[-1].text[:1].isupper():
            return [role]
        start = left.start
        while start < left.end and not self._doc[start].text[:1].isupper():
            start += 1  # "ship managers" is the description
        out = []
        for part in (self._doc[start:left.end], right):
            if len(part):
                out.append(self._role(part))
        return out or [role]

    def _is_name_token(self, token) -> bool:
        return token.pos_ == "PROPN" or token.i in self._known_by_token or token.ent_type_ in ("ORG", "PERSON")

    def _is_count(self, role: _Role) -> bool:
        """"six entities and two individuals", "nearly 50 individuals", "dozens of firms": a count, not a name."""
        span = self._doc.char_span(role.start, role.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.lower_ in ("dozens", "hundreds", "several") and any(c.lower_ == "of" for c in root.children):
            return True
        if root.lemma_ not in _COUNTED_NOUNS and not (root.tag_ == "NNS" and root.pos_ == "NOUN"):
            return False
        return _has_number(root) or any(c.lower_ in ("several", "additional", "further") for c in root.children) \
            or root.head.lower_ == "of" and root.head.head.like_num

    def _continue_anchors(self, doc, events: list[NewsEvent]) -> list[NewsEvent]:
        """Designations whose targets come in the sentences after the one that announces them.

        An anchor is a designation by a named authority of parties only counted ("sanctioned six entities
        and two individuals"). Up to three sentences after it, a sentence that enumerates ("Among those
        designated are ...", "The additions include ...", "They are ...") names the targets, and a
        designation there without an actor ("Also designated were ...") takes the anchor's."""
        anchored = {a.start for a in self._anchors}
        for e in events:  # a designation with its actor also lends it: "X was sanctioned by Treasury. Also designated was Y"
            if e.kind != "designation" or e.actor is None or e.modality != "asserted":
                continue
            span = doc.char_span(e.sentence_start, e.sentence_end, alignment_mode="expand")
            if span is None or span.start in anchored:
                continue
            anchored.add(span.start)
            actor = _Role(e.actor, e.actor_start, e.actor_end, Entity(id=e.actor_id, name=e.actor_name or e.actor,
                                                                     type=e.actor_type or "agency"))
            self._anchors.append(_Anchor(span.start, span.end, actor, e.subtype, e.modality, e.label,
                                         e.jurisdiction, e.rule_id.split("+")[0], e.date_text))
        self._anchors.sort(key=lambda a: a.start)
        if not self._anchors:
            return events
        sents = list(doc.sents)
        index = {s.start: n for n, s in enumerate(sents)}
        by_sent: dict[int, list[NewsEvent]] = {}
        for e in events:
            by_sent.setdefault(e.sentence_start, []).append(e)
        out = list(events)
        for n, sent in enumerate(sents):
            anchor = next((a for a in reversed(self._anchors) if a.start < sent.start
                           and 0 < n - index.get(a.start, -9) <= 3), None)
            if anchor is None:
                continue
            mine = by_sent.get(sent.start_char, [])
            for i, e in enumerate(out):
                if e.sentence_start == sent.start_char and e.kind == "designation" and e.actor is None:
                    out[i] = replace(e, actor=anchor.actor.text, actor_id=anchor.actor.entity.id,
                                     actor_name=anchor.actor.entity.name, actor_type=anchor.actor.entity.type,
                                     actor_start=anchor.actor.start, actor_end=anchor.actor.end,
                                     jurisdiction=e.jurisdiction or anchor.jurisdiction,
                                     subtype=e.subtype if e.label else anchor.subtype,
                                     label=e.label or anchor.label, confidence=round(e.confidence + 0.1, 2))
            if any(t.lemma_ in _UNLIST_VERBS for t in sent):
                continue  # "The Pentagon also removed two companies from the list"
            covered = {e.target_id for e in mine} | {e.target_start for e in mine}
            enumerated = self._enumerated(sent, anchor.actor)
            if not enumerated and not mine and anchor.counted:
                # "OFAC designated two individuals and one entity ... [Abelardo Ibarra Lugo] runs a chain of
                # exchange houses": after a count, the sentences that follow are about the counted parties
                subject = next((self._named(c) for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                role = self._trim_description(self._phrase(subject)) if subject is not None \
                    and subject.pos_ == "PROPN" else None  # "His associate, [Rebeca Ordaz Fimbres], manages ..."
                if role is not None and self._is_name(role) and not _is_authority(role.entity) \
                        and role.entity.type != "government" and role.entity.id != anchor.actor.entity.id:
                    enumerated = [role]
            for target in enumerated:
                if target.entity.id in covered or target.start in covered:
                    continue
                root = sent.root
                out.append(_enumerated_event(anchor, target, sent, (root.text, root.idx, root.idx + len(root))))
        return out

    def _elliptical(self, doc, events: list[NewsEvent]) -> list[NewsEvent]:
        """"X was sanctioned by the UK, as were its affiliate [Y] and its owner, [Z]", "...; so was [Y]": the
        parties of an elliptical comparison after a designation share its actor, list and modality."""
        out = list(events)
        for e in events:
            if e.kind != "designation" or e.target is None or "+" in e.rule_id:
                continue
            sent = doc.char_span(e.sentence_start, e.sentence_end, alignment_mode="expand")
            if sent is None:
                continue
            taken = {o.target_start for o in out if o.sentence_start == e.sentence_start} | {
                o.target_id for o in out if o.sentence_start == e.sentence_start and o.trigger_start == e.trigger_start}
            for role in self._elliptical_names(sent, e.trigger_end):
                if role.start in taken or role.entity.id in taken or role.entity.id == e.actor_id:
                    continue
                taken |= {role.start, role.entity.id}
                out.append(replace(e, target=role.text, target_id=role.entity.id, target_name=role.entity.name,
                                   target_type=role.entity.type, target_start=role.start, target_end=role.end,
                                   rule_id=e.rule_id + "+ellipsis", confidence=round(e.confidence - 0.05, 2)))
        return out

    def _un_entries(self, doc, events: list[NewsEvent]) -> list[NewsEvent]:
        """UN sanctions committee releases: "the Security Council Committee established pursuant to resolution
        2653 (2022) ... approved the addition of the entries specified below to its sanctions list", then
        "Name: [X]." or "A. Individuals: [X] ...; [Y] ..." or "The individual added is [X]" in the next sentences."""
        sents = list(doc.sents)
        out = list(events)
        for n, sent in enumerate(sents):
            if not _UN_ENTRIES.search(sent.text):
                continue
            verb = next((t for t in sent if t.lower_ == "approved"), None)
            # the committee is named from "Security Council" up to "approved" (the parser often takes
            # "established" for the main verb)
            first = next((t for t in sent if t.text == "Security" and verb is not None and t.i < verb.i), None)
            if verb is None or first is None:
                continue
            words = doc[first.i:verb.i]
            actor = _Role(words.text, words.start_char, words.end_char,
                          self.gazetteer.resolve(words.text, fallback_type="international_body"))
            listed = next((t for t in self._trigger_spans if sent.start <= t.start < sent.end
                           and self.rules[t.label_].is_list), None)
            trigger = (listed.text, listed.start_char, listed.end_char) if listed is not None \
                else (verb.text, verb.idx, verb.idx + len(verb))
            anchor = _Anchor(sent.start, sent.end, actor, "sanctions_list", "asserted",
                             _list_label(listed) if listed is not None and not listed.text.islower() else None, "UN",
                             listed.label_ if listed is not None else "designation.sanctions_list",
                             next((e.text for e in sent.ents if e.label_ == "DATE"), None))
            found = {e.target_id for e in out}
            for later in sents[n + 1:n + 5]:
                names: list[_Role] = []
                for t in later:
                    if t.text in ("Name", "Individuals", "Entities", "Individual", "Entity") \
                            and t.i + 1 < later.end and doc[t.i + 1].text == ":":
                        bounds = [t.i + 1] + [k.i for k in doc[t.i + 2:later.end] if k.text == ";"] + [later.end]
                        for lo, hi in zip(bounds, bounds[1:]):  # one entry per ";": its first name
                            got = [r for r in self._names_after(doc[lo], hi) if self._is_name(r)
                                   and not _is_authority(r.entity)]
                            names += got[:1]
                            if t.text == "Name":
                                break
                names += [r for r in self._enumerated(later, actor) if all(r.start != o.start for o in names)]
                be = next((t for t in later[:6] if t.lower_ in ("is", "are", "was", "were") and t.i > later.start
                           and doc[t.i - 1].lower_ == "added"), None)
                if be is not None and not names:  # "The individual added is [X], who ..."
                    names = [r for r in self._names_after(be, later.end) if self._is_name(r)][:1]
                for role in names:
                    if role.entity.id in found:
                        continue
                    found.add(role.entity.id)
                    out.append(_enumerated_event(anchor, role, later, trigger))
        return out

    def _co_actors(self, doc, events: list[NewsEvent]) -> list[NewsEvent]:
        """"sanctioned by the United States, Britain and the European Union", "The United States and Britain
        designated him": one designation per acting authority, each under its own jurisdiction."""
        out = list(events)
        for e in events:
            if e.kind != "designation" or e.actor_start is None:
                continue
            phrase = doc.char_span(e.actor_start, e.actor_end, alignment_mode="expand")
            sent = doc.char_span(e.sentence_start, e.sentence_end, alignment_mode="expand")
            trigger = doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
            if phrase is None or sent is None or trigger is None:
                continue
            verb = trigger.root if trigger.root.pos_ == "VERB" else _governor(trigger.root)
            head = phrase.root.head
            if verb is None or not (phrase.root.dep_ == "nsubj" and head == verb or phrase.root.dep_ == "pobj"
                                    and head.dep_ == "agent" and head.head == verb):
                continue  # only who designates: not "Russia and China blocked a proposal to add X"
            alongside = [k for c in phrase.root.children if c.dep_ == "prep" and c.lower_ in ("alongside", "with")
                         for p in c.children if p.dep_ == "pobj" for k in (p, *p.conjuncts)]
            for conj in [*phrase.root.conjuncts, *alongside]:  # "The UK, alongside the United States and Australia"
                if conj.i < phrase.root.i or conj.pos_ != "PROPN" or conj.idx < e.actor_end:  # not inside its name
                    continue
                role = self._phrase(conj)
                if role is None or not _is_authority(role.entity) or role.entity.id == e.actor_id \
                        or any(o.actor_id == role.entity.id and o.target_start == e.target_start
                               and o.trigger_start == e.trigger_start for o in out):
                    continue
                out.append(replace(e, actor=role.text, actor_id=role.entity.id, actor_name=role.entity.name,
                                   actor_type=role.entity.type, actor_start=role.start, actor_end=role.end,
                                   jurisdiction=self._jurisdiction(role, sent)))
        return out

    def _next_authority(self, sent) -> _Role | None:
        """The authority that is the subject of the sentence after this one ("... The [FCA] said ...")."""
        if sent.end >= len(self._doc):
            return None
        after = self._doc[sent.end].sent
        for token in after:
            if token.dep_ == "nsubj" and token.pos_ == "PROPN":
                role = self._phrase(token)
                if role is not None and _is_authority(role.entity):
                    return role
        return None

    def _settler(self, resolve) -> _Role | None:
        """Who resolves an investigation ("agreed to a settlement ... to resolve a probe into its treatment of
        publishers", "The company, which paid $14mn to resolve ..."): the subject of the clause above, a
        relative pronoun standing for the noun it describes, a description for the company named before."""
        node = resolve
        for _ in range(6):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                break
            if node.head is node:
                return None
            node = node.head
        else:
            return None
        if subject.lower_ in ("which", "who", "that") and node.dep_ == "relcl":
            subject = node.head
        subject = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), subject)  # "the
        # search company [Lookout Search] had agreed to a settlement ... to resolve a probe"
        role = self._trim_description(self._phrase(subject)) or (  # "The company" (a stand-in, no phrase of its own)
            _Role(subject.text, subject.idx, subject.idx + len(subject), Entity(id="-", name=subject.text, type="unknown"))
            if subject.pos_ == "NOUN" else None)
        if role is not None and not self._is_name(role):
            role = self._antecedent(role, resolve.sent)
        return role if role is not None and self._is_name(role) and not _is_authority(role.entity) else None

    def _payer_roles(self, pay, actor, targets):
        """"[Thornbury] was ordered to pay a £3.2m fine following a prosecution by [the HSE]": who pays is the
        target; who brought the case, when the sentence says, is the actor (rather than the court)."""
        payer = next((c for c in pay.children if c.dep_ == "nsubj"), None)
        if payer is None and pay.dep_ == "xcomp":
            payer = next((c for c in pay.head.children if c.dep_ in ("nsubjpass", "nsubj", "dobj")
                          and c.i < pay.i), None)
        named = [r for r in self._targets(payer) if self._is_name(r)] if payer is not None else []
        if named and not any(_is_authority(r.entity) for r in named):
            targets = named
        return self._case_bringer(pay.sent) or actor, targets

    def _case_bringer(self, sent) -> _Role | None:
        """The authority that brought the case: "following action brought by [ASIC]", "a prosecution by [the HSE]"."""
        for by in sent:
            if by.lower_ == "by" and by.head.lemma_ in _CASE_WORDS:
                pobj = next((c for c in by.children if c.dep_ == "pobj"), None)
                role = self._phrase(pobj) if pobj is not None else None
                if role is not None and _is_authority(role.entity) and not any(
                        w in role.text.lower() for w in _COURT_WORDS):
                    return role
        return None

    def _included(self, sent, actor, pred) -> list[_Role]:
        """Names after "including" / "among them" that qualify a count of parties anywhere in the sentence:
        "added X and four of his companies, including [Y], to the SDN list" when the parser lost the count."""
        doc = self._doc
        out: list[_Role] = []
        for word in sent:
            if word.lower_ not in ("including", "among"):
                continue
            start = word
            if word.lower_ == "among":
                if word.i + 1 >= sent.end or doc[word.i + 1].lower_ != "them":
                    continue
                start = doc[word.i + 1]
            counted = next((t for t in doc[sent.start:word.i]
                            if t.pos_ == "NUM" and t.ent_type_ in ("CARDINAL", "") and t.like_num
                            or t.lower_ in ("several", "other", "more")), None)
            if counted is None:
                continue  # "including [X]" after a description, not a count of the parties
            verb = word.head
            while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
                verb = verb.head
            if pred.pos_ == "VERB" and not (verb == pred or verb.head == pred and verb.dep_ in ("ccomp", "xcomp")):
                continue  # "... and added seven other companies, including [X], to its export control list"
            end = next((t.i for t in doc[start.i + 1:sent.end] if t.text in (";",) or t.pos_ in ("VERB", "AUX")
                        and t.tag_ != "VBN" or t.pos_ == "ADP" and t.lower_ not in ("of",)), sent.end)
            out += [r for r in self._names_after(start, end) if self._is_name(r) and not _is_authority(r.entity)
                    and r.text not in self.gazetteer.demonym_names
                    and (actor is None or r.entity.id != actor.entity.id) and all(o.start != r.start for o in out)]
        return out

    def _complete_list(self, targets: list[_Role], sent) -> list[_Role]:
        """The names of one written list of which the parse found only some: "sanctioned [A], B and [C]"
        when the parser hung B elsewhere. The list runs from the first target found, item by item;
        it is taken only when every target found is one of its items."""
        first = min(targets, key=lambda t: t.start)
        start = next((t for t in sent if t.idx == first.start), None)
        if start is None or start.i == 0:
            return targets
        doc = self._doc
        end = next((t.i for t in doc[start.i:sent.end] if t.tag_ == "VBG" and doc[t.i - 1].text == ","), sent.end)
        listed = [r for r in self._names_after(doc[start.i - 1], end) if self._is_name(r)
                  and r.text not in self.gazetteer.demonym_names and not _is_authority(r.entity)]
        ends = {t.idx + len(t): t.i for t in sent}
        listed = [r for r in listed if r.end in ends and ends[r.end] + 1 < len(doc) and not (
            doc[ends[r.end] + 1].tag_ == "POS" or any(t.text == "-" and not doc[t.i - 1].whitespace_
                                                      for t in doc[ends[r.end] + 1:ends[r.end] + 3]))
            # not "[Rosatom]'s", "[Marshall] Islands-registered"
            and not any(i in self._list_tokens for i in range(ends[r.end] - len(r.text.split()) + 1, ends[r.end] + 1))
            and doc[ends[r.end] + 1].lemma_ not in _REPORTING_VERBS] + [r for r in listed if r.end in ends
                                                                       and ends[r.end] + 1 >= len(doc)]
        found = {t.start for t in targets}
        if len(listed) <= len(targets) or not found <= {r.start for r in listed}:
            return targets
        return sorted(targets + [r for r in listed if r.start not in found
                                 and all(not (t.start <= r.start < t.end) for t in targets)], key=lambda r: r.start)

    def _elliptical_names(self, sent, after: int) -> list[_Role]:
        """The names of "..., as were [A] and [B]" / "; so was [A]" after a character offset in a sentence."""
        doc = sent.doc
        names = []
        for be in sent:
            if be.lemma_ != "be" or be.idx < after or be.i < 1 or doc[be.i - 1].lower_ not in ("as", "so") \
                    or any(c.dep_ in ("acomp", "advmod", "ccomp", "xcomp") and c.i > be.i for c in be.children):
                continue  # not "as was expected", "as is usual"
            for child in [c for c in be.children if c.dep_ in ("nsubj", "attr") and c.i > be.i]:
                names += [r for r in self._targets(child) if self._is_name(r)]
        return names

    def _enumerated(self, sent, actor: _Role | None) -> list[_Role]:
        """The names a sentence enumerates when it continues an anchor: its root is "be", "include" or
        "comprise" and its subject (or an "Among ..." phrase) is about those designated."""
        roles: list[_Role] = []
        colon = next((t for t in sent[:6] if t.text == ":"), None)
        if sent[0].lower_ == "among" and colon is not None:  # "Among them: [A], [B] and [C]" (no verb)
            return [r for r in self._names_after(colon, semicolons=any(t.text == ";" for t in sent))
                    if self._is_name(r) and not _is_authority(r.entity)
                    and (actor is None or r.entity.id != actor.entity.id)]
        verbs = [sent.root] + [c for c in sent.root.children if c.dep_ in ("conj", "ccomp", "parataxis")]
        for verb in verbs:
            for role in self._enumerated_by(sent, verb, actor):
                if not any(r.start == role.start for r in roles):
                    roles.append(role)
        return roles

    def _enumerated_by(self, sent, root, actor: _Role | None) -> list[_Role]:
        if root.lemma_ not in ("be", "include", "comprise"):
            return []
        cue = [c for c in root.children if (c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PROPN"
                                            or c.dep_ == "prep" and c.lower_ == "among")
               and any(t.lemma_ in _ENUMERATION_CUES or t.lower_ in _ENUMERATION_CUES for t in c.subtree)]
        if not cue:
            return []
        among = [c for c in cue if c.dep_ == "prep"]
        cue = among or cue  # "Among those listed are [the gold trading company X]": the subject is enumerated
        skip = {t.i for c in cue for t in c.subtree}
        roles: list[_Role] = []
        for token in root.subtree:
            if token.i in skip or token.i <= min(skip) and token.i < root.i:
                continue
            if not (token.pos_ == "PROPN" or token.i in self._known_by_token) or token.ent_type_ in (
                    "GPE", "NORP", "DATE", "MONEY", "CARDINAL", "LOC"):
                continue
            if token.dep_ in ("compound", "flat", "poss", "amod", "nmod") and token.head.pos_ == "PROPN" \
                    and token.head.i != token.i and not (token.head.i > token.i + 1 and token.nbor().lower_ == "and"):
                continue  # part of a longer name: its head speaks for it (not "[A] and B" parsed as B's modifier)
            if token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ == "NOUN" \
                    and token.head.lemma_ not in _GROUP_NOUNS:
                continue  # "a [Sharjah] company": a description's place
            node, ok = token, True
            while node.i != root.i:
                if node.dep_ in ("relcl", "acl", "advcl", "ccomp", "poss", "npadvmod") or node.dep_ == "prep" \
                        and node.lower_ not in ("as", "including", "like", "among"):
                    ok = False
                    break
                if node.head.i == node.i:
                    break
                node = node.head
            if not ok:
                continue
            role = self._trim_description(self._phrase(token))
            if role is None or not self._is_name(role) or _is_authority(role.entity) \
                    or actor is not None and role.entity.id == actor.entity.id or any(r.start == role.start for r in roles):
                continue
            roles.append(role)
        if not roles and root.lemma_ == "include" and not among:
            # "Those targeted include [A], [B] and the tanker [C], OFAC said": the parse hung the list on the
            # reporting verb; the names right after "include" are the ones enumerated
            roles = [r for r in self._names_after(root) if self._is_name(r) and not _is_authority(r.entity)
                     and (actor is None or r.entity.id != actor.entity.id)]
        return roles

    def _previous_authority(self, sent, noun: str | None = None) -> _Role | None:
        """The last authority named as a subject in the sentence before this one; with ``noun``
        ("department"), else the last authority there whose name has that word ("a senior Treasury
        Department official told reporters. The department ...")."""
        if sent.start == 0:
            return None
        previous = sent.doc[sent.start - 1].sent
        for token in reversed(list(previous)):
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN":
                role = self._phrase(token)
                if role is not None and _is_authority(role.entity):
                    return role
        if noun:
            for token in reversed(list(previous)):
                if token.pos_ == "PROPN" and token.lower_ == noun:
                    role = self._phrase(token)
                    if role is not None and _is_authority(role.entity) and len(role.text.split()) > 1:
                        return role
        return None

    def _names_in_clause(self, pred, span, actor: _Role | None) -> list[_Role]:
        """Named parties (organisations, people) in the trigger's clause that are neither the actor nor an
        authority: the last resort when the parse does not say who was designated."""
        clause = pred if pred.pos_ in ("VERB", "AUX") else next(
            (a for a in pred.ancestors if a.pos_ in ("VERB", "AUX")), pred)
        inside = {t.i for t in clause.subtree}
        for c in clause.children:  # not what it was designated as: "designated a [UNESCO World Heritage] site"
            passive_complement = c.dep_ == "dobj" and any(k.dep_ == "nsubjpass" for k in clause.children)
            condition = c.dep_ == "advcl" and any(k.dep_ == "mark" for k in c.children)  # "if violence ... eases"
            if c.dep_ in ("oprd", "attr", "acomp") or condition or c.dep_ == "prep" and c.lower_ in ("as", "under") \
                    or passive_complement:
                inside -= {t.i for t in c.subtree}
        roles = []
        topic = next((t.i for t in clause.sent if t.text == ":" and t.i < span.start), None)
        for ent in clause.sent.ents:
            if ent.label_ not in ("ORG", "PERSON", "FAC", "PRODUCT") or ent.start < clause.sent.start:
                continue
            if topic is not None and ent.end <= topic:
                continue  # "Belarus: Council lists further 26 individuals": the topic, not a party
            if not any(t.i in inside for t in ent) or any(span.start <= t.i < span.end for t in ent):
                continue
            role = self._phrase(ent.root)
            if role is None or actor is not None and (role.entity.id == actor.entity.id
                                                       or role.start < actor.end and actor.start < role.end):
                continue
            if _is_authority(role.entity) or not self._is_name(role):
                continue
            if all(r.entity.id != role.entity.id for r in roles):
                roles.append(role)
        return roles

    def _names_after(self, verb, end: int | None = None, semicolons: bool = False, places: bool = False) -> list[_Role]:
        """Names right after a verb up to a preposition, skipping amounts: "fined [Apple] €500 million
        and [Meta] €200 million for ...", "slaps [Ticketmaster] with ..."."""
        doc = verb.doc
        groups, group = [], []
        describing = False
        commas_split = not (semicolons and any(t.text == ";" for t in doc[verb.i + 1:end or verb.sent.end]))
        for token in doc[verb.i + 1:end or verb.sent.end]:
            if describing and token.text not in (",", ";"):
                continue  # "[A], deputy head of the Evin Prison administration, and [B]": the description of A
            describing = False
            if not group and groups and doc[token.i - 1].text == "," and token.pos_ in ("NOUN", "ADJ", "VERB") \
                    and token.is_lower and commas_split or not group and groups and token.lower_ in (
                        "a", "an", "both", "all", "each", "who", "which", "whose") and doc[token.i - 1].text == ",":
                describing = True
                continue
            if not group and token.lower_ in ("its", "his", "her", "their") and token.tag_ == "PRP$":
                # "and its founder, [X]": the relation describes the name after the comma; "its Dubai
                # affiliate [Volna Middle East]": the name follows in the same item
                ahead = doc[token.i + 1:min(token.i + 5, end or verb.sent.end)]
                comma = next((t for t in ahead if t.text == ","), None)
                describing = comma is not None and not any(t.pos_ == "PROPN" for t in doc[token.i + 1:comma.i])
                continue
            if token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ \
                    or token.text == "-" and not token.whitespace_:
                group.append(token)  # "Dubai-based", "Kyrgyz-registered": part of a description
                continue
            if token.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "PRON") and token.tag_ != "POS" and not semicolons \
                    or token.text == ":" or token.text == ";" and not semicolons \
                    or semicolons and token.lemma_ in _REPORTING_VERBS and token.pos_ == "VERB":
                break
            if semicolons and token.text == "," and doc[token.i - 1].text != ";" and group and \
                    any(t.text == ";" for t in doc[verb.i + 1:end or verb.sent.end]):
                group.append(token)  # in a list split by semicolons, commas belong to one item
                continue
            if token.text in (",", ";") or token.lower_ == "and":
                groups.append(group)
                group = []
                continue
            group.append(token)
        groups.append(group)
        roles = []
        for words in groups:
            if words and (any(t.dep_ == "nsubj" and t.head.lemma_ in _REPORTING_VERBS and t.head.i == words[-1].i + 1
                              for t in words) or words[-1].i + 1 < len(doc) and doc[words[-1].i + 1].pos_ == "VERB"
                          and doc[words[-1].i + 1].lemma_ in _REPORTING_VERBS and doc[words[0].i - 1].text == ","):
                continue  # "..., Foreign Minister Winston Peters announced": who reports, not who is listed
            placed = set()  # "[Minsk]-based", "[Hong Kong]-registered": a place describing the name
            for t in words:
                if t.i + 2 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_ and doc[t.i + 2].is_lower:
                    j = t.i
                    while j >= 0 and doc[j] in words and (j == t.i or doc[j].pos_ == "PROPN" and doc[j].whitespace_):
                        placed.add(j)
                        j -= 1
            words = [t for t in words if t.i not in placed]
            names = [t for t in words if (t.pos_ == "PROPN" or t.i in self._known_by_token
                                          or t.is_title and t.pos_ in ("ADV", "ADJ", "NOUN")) and not t.like_num
                     and not any(ch.isdigit() for ch in t.text) and t.ent_type_ not in (("NORP",) if places else ("GPE", "NORP"))
                     and t.ent_type_ not in ("MONEY", "DATE", "CARDINAL")]
            if not names:
                continue
            runs = [[names[0]]]
            for t in names[1:]:
                if t.i == runs[-1][-1].i + 1 or t.i == runs[-1][-1].i + 2 and doc[t.i - 1].text == "-" \
                        and not doc[t.i - 1].whitespace_ and not runs[-1][-1].whitespace_:
                    runs[-1].append(t)  # "Al-Sabri Trading Company"
                else:
                    runs.append([t])
            run = runs[0]
            between = doc[runs[0][-1].i + 1:runs[1][0].i] if len(runs) > 1 else ()
            if any(t.pos_ == "NOUN" and t.is_lower for t in between) and all(
                    t.is_lower and t.pos_ in ("NOUN", "ADJ", "VERB") or t.text == "-" for t in between):
                run = runs[1]  # "the [Votkinsk] rifle-scope maker [Kama Optical Sights]", "the LPG carrier [Ibis
                # Horizon]": the name after the description
            name = doc[run[0].i:run[-1].i + 1]
            roles.append(self._role(name))
        return roles

    def _amount_after(self, target: _Role, targets: list[_Role], sent):
        """The amount stated right after one of several targets, when each has its own."""
        later = [t.start for t in targets if t.start > target.start]
        stop = min(later) if later else sent.end_char
        return next((a for a in self._amounts if target.end <= a[0] < stop), None)

    def _party_after(self, root, actor: _Role | None, words=("with", "to")) -> list[_Role]:
        """The named party of the first "with X" / "to X" after a trigger in its sentence."""
        for token in root.doc[root.i + 1:root.sent.end]:
            if token.dep_ in ("prep", "dative") and token.lower_ in words:
                pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
                if pobj is None or pobj.lemma_ in _CONTRACT_NOUNS:
                    continue
                named = pobj.pos_ == "PROPN" or pobj.i in self._known_by_token or pobj.ent_type_ in (
                    "ORG", "PERSON", "GPE", "NORP") or any(c.dep_ == "compound" and c.pos_ == "PROPN"
                                                           for c in pobj.children)
                if named:
                    roles = [r for r in self._targets(pobj) if actor is None or r.entity.id != actor.entity.id]
                    if roles:
                        return roles
        return []

    def _find_contracting_activity(self, doc) -> _Role | None:
        """The buyer a US DoD contract announcement names in "X, City, State, is the contracting activity"."""
        text = doc.text
        at = text.find("contracting activit")
        if at < 0:
            return None
        sent = doc.char_span(at, at + 19, alignment_mode="expand").sent
        subj = next((t for t in sent if t.dep_ == "nsubj" and t.head.lemma_ == "be"), None)
        role = self._phrase(subj) if subj is not None else None
        if role is not None and role.entity.type in ("organization", "unknown"):
            role = _Role(role.text, role.start, role.end, replace(role.entity, type="agency"))
        return role

    def _verb_roles(self, rule: Rule, verb, actor, targets):
        """Verbs that make a news event only in one construction; None when this is not it."""
        kids = list(verb.children)
        if rule.id == "designation.target_verb":  # "Treasury targeted [X] and six associates": a sanctions body's act
            if actor is None or actor.entity.id not in _SANCTIONS_AUTHORITIES or not targets:
                return None
            return actor, targets
        if rule.id == "designation.export_ban":  # the buyers after "to", named
            to = next((p for c in kids if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep" and p.lower_ == "to"),
                      None) or next((c for c in kids if c.dep_ == "prep" and c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            named = [r for r in self._targets(pobj) if self._is_name(r)
                     and r.entity.type != "government"] if pobj is not None else []  # not "exports to [the US]"
            return (actor, named) if named and actor is not None and _is_authority(actor.entity) else None
        if rule.id == "designation.terror_ban":  # only named groups, by an authority
            named = [t for t in targets if self._is_name(t)]
            return (actor, named) if named and actor is not None and _is_authority(actor.entity) else None
        if rule.id == "regulation.order_verb":  # "ordered SeatSwift to pay $22.5 million"
            obj = next((c for c in kids if c.dep_ == "dobj"), None)
            named = self._named(obj) if obj is not None else None
            if named is None or not (named.pos_ == "PROPN" or named.i in self._known_by_token):
                return None  # "ordering contractors to stop ...": an instruction, not a sanction
            if actor is not None and any(w in actor.text.lower() for w in _COURT_WORDS):
                actor = self._case_bringer(verb.sent) or actor  # "The Federal Court ordered X to pay ..., following
                # action brought by [ASIC]": the regulator's enforcement, decided by the court
            return actor, targets
        if rule.id == "regulation.slap_verb":
            on = next((t for t in verb.subtree if t.dep_ == "prep" and t.lower_ == "on"), None)
            pobj = next((c for c in on.children if c.dep_ == "pobj"), None) if on is not None else None
            names = (self._targets(pobj) if pobj is not None else []) or targets or self._names_after(verb)
            return (actor, names) if names else None
        if rule.id == "regulation.settle_verb":  # "agreed to pay $81 million to resolve Justice Department allegations"
            obj = _charge_object(verb)
            if obj is None:
                return None
            authority = None
            if obj.pos_ == "PROPN":  # "[Securities and Exchange Commission] charges", "charges" tagged a verb
                role = self._phrase(obj)
                authority = role if role is not None and _is_authority(role.entity) else None
            allegation = {t.i for c in obj.children if c.dep_ in ("relcl", "ccomp") or c.dep_ == "acl" and any(
                k.dep_ == "nsubj" for k in c.children) for t in c.subtree}
            for token in obj.subtree if authority is None and obj.lemma_ not in ("violation", "liability") else ():
                # not "violations of [Iran] sanctions": the regime, not who brought the case
                if token.i in allegation:
                    continue  # "charges that it bribed officials in [Ecuador]": not who brought them
                if token.dep_ in ("compound", "poss", "pobj") and token.pos_ == "PROPN":
                    role = self._phrase(token)
                    if role is not None and _is_authority(role.entity):
                        authority = role
                        break
            subj = next((c for node in [verb, *verb.ancestors] for c in node.children if c.dep_ == "nsubj"
                         and c.pos_ != "PRON"), None)
            payer = self._phrase(subj) if subj is not None else None
            if authority is None:  # "X will pay $40 million to resolve charges ..., the Justice Department said"
                reporter = self._phrase(_reporting_subject(verb))
                authority = reporter if reporter is not None and _is_authority(reporter.entity) else None
            if authority is None:  # "entered into a deferred prosecution agreement with the Justice Department"
                authority = next((r for r in (self._phrase(t) for t in verb.sent if t.dep_ == "pobj"
                                              and t.head.lower_ in ("with", "to", "by") and t.pos_ == "PROPN")
                                  if r is not None and _is_authority(r.entity)
                                  and r.entity.type != "government"), None)
            if authority is None or payer is None or payer.entity.id == authority.entity.id:
                return None
            return authority, [payer]
        if rule.id == "regulation.propose_verb":  # "proposed to require satellite operators ...", "proposes tighter limits"
            xcomp = next((c for c in kids if c.dep_ == "xcomp" and c.lemma_ in _OBLIGE_VERBS | _LIMIT_VERBS), None)
            dobj = next((c for c in kids if c.dep_ == "dobj" and c.lemma_ in _RULE_OBJECTS), None)
            if xcomp is None and dobj is None:
                return None
            if xcomp is not None:
                obj = next((c for c in xcomp.children if c.dep_ == "dobj"), None)
                targets = self._targets(obj) if obj is not None and xcomp.lemma_ in _OBLIGE_VERBS else []
            else:
                targets = self._obliged(verb, verb)
            return actor, targets
        if rule.id == "designation.assets_frozen":
            assets = next(c for c in kids if c.dep_ == "nsubjpass")
            owner = _prep_object(assets, ("of",))
            return actor, self._targets(owner) if owner is not None else []
        if rule.id == "regulation.bar_from":
            obj = next(c for c in kids if c.dep_ == "dobj")
            return actor, self._targets(obj)
        if rule.id == "regulation.require_verb":
            obj = next(c for c in kids if c.dep_ == "dobj")
            return actor, self._targets(obj)
        if rule.id in ("regulation.block_deal", "regulation.licence_action", "regulation.search_premises"):
            obj = next(c for c in kids if c.dep_ == "dobj")
            owner = next((c for c in obj.children if c.dep_ == "poss"), None)
            pobj = _prep_object(obj, ("of",))
            party = owner if owner is not None and owner.pos_ == "PROPN" else pobj
            return actor, self._targets(party) if party is not None else []
        if rule.id == "regulation.lawsuit_against":
            against = next((t for t in verb.doc[verb.i:verb.i + 3] if t.lower_ == "against"), None)
            pobj = next((c for c in against.children if c.dep_ == "pobj"), None) if against is not None else None
            return actor, self._targets(pobj) if pobj is not None else targets
        if rule.id == "contract.agree_verb":
            subj = next((c for c in kids if c.dep_ == "nsubj"), None)
            parties = self._targets(subj) if subj is not None else []
            with_ = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "with"), None)
            pobj = next((c for c in with_.children if c.dep_ == "pobj"), None) if with_ is not None else None
            parties += self._targets(pobj) if pobj is not None else []
            if len(parties) < 2:
                return None
            return parties[0], parties[1:]
        if rule.id == "contract.option_exercise":
            # "exercised options on [Oshkosh Defense]'s contract", "[Rafael] said the ministry had exercised an option"
            named = [t for t in self._party_after(verb, actor, ("on", "with", "to", "under")) if self._is_name(t)]
            if not named:
                for c in verb.subtree:
                    if c.dep_ == "poss" and c.pos_ == "PROPN":
                        named = [r for r in [self._phrase(c)] if r is not None]
                        break
            if not named:
                reporter = self._phrase(_reporting_subject(verb))
                named = [reporter] if reporter is not None and not _is_authority(reporter.entity) else []
            return (actor, named) if named else None
        if rule.id == "contract.order_verb":  # "ordered Archer systems worth 2.3 billion kronor from BAE Systems Bofors"
            return actor, self._targets(_from_party(verb))
        if rule.id == "regulation.enforcement_action":  # "take action against [Coles]"
            against = next((t for t in verb.doc[verb.i:verb.i + 3] if t.lower_ == "against"), None)
            pobj = next((c for c in against.children if c.dep_ == "pobj"), None) if against is not None else None
            return actor, self._targets(pobj) if pobj is not None else targets
        return actor, targets

    def _obliged(self, pred, root) -> list[_Role]:
        """Who a rule or law binds: the object of "requiring / obliging / forcing X to ..." in a clause
        hanging from the trigger or its verb."""
        anchors = {pred.i, root.i, pred.head.i}
        for token in root.sent:
            if token.lemma_ in _OBLIGE_VERBS and token.pos_ == "VERB" and (
                    token.head.i in anchors or any(a.i in anchors for a in token.ancestors if a.i != token.i)):
                obj = next((c for c in token.children if c.dep_ == "dobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    return self._targets(obj)
        return []

    def _headline_roles(self, span) -> tuple[_Role, list[_Role]] | None:
        """Headline syntax the parser reads as nouns: "US sanctions Hong Kong's Sinoway Electronics over
        ...", "SEC fines Morgan Stanley $249 million". The name before the verb is an authority
        opening the sentence; the targets are the names after it, up to a preposition or a number."""
        root = span.root
        if len(span) != 1 or root.lower_ not in _HEADLINE_VERBS or root.tag_ not in ("NNS", "VBZ", "NNPS"):
            return None
        doc, sent = root.doc, root.sent
        before = self._known_by_token.get(root.i - 1) or next(
            (e for e in sent.ents if e.end == root.i and e.label_ in ("ORG", "GPE", "NORP")), None)
        if before is None or before.end != root.i:
            return None
        first = before.start
        while first > sent.start and doc[first - 1].pos_ in ("DET", "PUNCT") and doc[first - 1].text not in (",", ";"):
            first -= 1
        if first != sent.start:
            return None
        actor = self._phrase(before.root)
        if actor is None or not _is_authority(actor.entity):
            return None
        groups, group = [], []
        for token in doc[root.i + 1:sent.end]:
            if token.pos_ in ("ADP", "VERB", "AUX", "NUM", "SYM", "SCONJ") and token.tag_ != "POS" \
                    or token.text in (";", ":", "—", "–") or token.text == "-" and token.whitespace_ \
                    or token.like_num:
                break
            if token.text == "," or token.lower_ in ("and", "&"):
                groups.append(group)
                group = []
                continue
            group.append(token)
        groups.append(group)
        targets = []
        for words in groups:
            names = [t for t in words if t.pos_ == "PROPN" or t.i in self._known_by_token
                     or t.is_title and t.pos_ in ("ADV", "ADJ", "NOUN", "VERB")  # parsers misread unknown names
                     or t.is_title and t.i > words[0].i and doc[t.i - 1].pos_ == "PROPN"]  # "Golden Reef [Trading]"
            if not names:
                continue
            last = names[-1]  # "Caracas gold broker [Orocaribe]", "Hong Kong's [Sinoway Electronics]"
            known = self._known_by_token.get(last.i)
            start = known.start if known is not None else last.i
            while known is None and start - 1 > root.i and doc[start - 1] in names \
                    and doc[start - 1].dep_ != "poss":
                start -= 1
            name = doc[start:last.i + 1]
            role = self._role(name)
            if role is not None and role.entity.id != actor.entity.id:
                targets.append(role)
        return (actor, targets) if targets else None

    def _object_target(self, obj) -> list[_Role]:
        """The target an object stands for; a list name as object points at its nominal modifier
        ("designate [Anthropic] a supply chain risk" parsed as one phrase)."""
        if obj.pos_ == "ADP":  # "awarded a contract to X" parsed with "to" as the dative
            obj = next((c for c in obj.children if c.dep_ == "pobj"), None)
            if obj is None:
                return []
        if obj.i not in self._list_tokens:
            return self._targets(obj)
        inner = next((c for c in obj.children if c.dep_ in ("nmod", "compound", "poss") and c.i not in self._list_tokens
                      and (c.pos_ == "PROPN" or c.pos_ == "NOUN" and any(t.pos_ == "PROPN" for t in c.children))),
                     None)
        return self._targets(inner) if inner is not None else []

    def _roles(self, pred, rule: Rule, span) -> tuple[_Role | None, list[_Role]]:
        actor = None
        targets: list[_Role] = []
        inside = set(range(span.start, span.end))
        if pred.lemma_ == "be" and rule.is_list:
            # "found [X] to be a primary money laundering concern", "determined that [X] is of paramount ..."
            subj = next((c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            targets = self._targets(subj) if subj is not None else []
            if pred.dep_ in ("ccomp", "xcomp") and pred.head.pos_ == "VERB":
                boss = next((c for c in pred.head.children if c.dep_ == "nsubj"), None)
                actor = self._phrase(boss) if boss is not None else None
            return actor, targets
        if pred.pos_ in ("VERB", "AUX"):
            kids = {c.dep_: c for c in pred.children}
            subj = kids.get("nsubj") or _inherited_subject(pred)
            if subj is not None and subj.lemma_ in _ENVOY_NOUNS:  # "Investigators from [the Autorité] searched"
                via = next((c for c in subj.children if c.dep_ == "prep" and c.lower_ in ("from", "at", "of")), None)
                agency = next((c for c in via.children if c.dep_ == "pobj"), None) if via is not None else None
                subj = agency if agency is not None else subj
            if "nsubjpass" in kids and not (rule.kind == "contract" and kids["nsubjpass"].lemma_ in _CONTRACT_NOUNS):
                subject = kids["nsubjpass"]
                if subject.lower_ in ("which", "who", "that") and pred.dep_ == "relcl":
                    subject = pred.head  # "[Velluto Moda], which was fined €4.5 million by ..."
                targets = self._targets(subject)
                agent = kids.get("agent")
                if agent is not None:
                    actor = self._phrase(next((c for c in agent.children if c.dep_ == "pobj"), None))
            elif "nsubjpass" in kids:  # "A £67m contract ... was awarded to Balfour Beatty by National Highways"
                agent = kids.get("agent")
                if agent is not None:
                    actor = self._phrase(next((c for c in agent.children if c.dep_ == "pobj"), None))
            elif pred.dep_ == "acl" and pred.tag_ == "VBN" and pred.head.pos_ in ("NOUN", "PROPN", "PRON", "DET") \
                    and not any(c.dep_ == "dobj" for c in pred.children):  # not "reports that X had added [it] to"
                # "the six companies designated as gatekeepers by the Commission"
                agent = kids.get("agent") or next((t for t in pred.subtree if t.lower_ == "by"
                                                   and t.dep_ in ("prep", "agent")), None)
                if agent is not None:
                    actor = self._phrase(next((c for c in agent.children if c.dep_ == "pobj"), None))
                head = pred.head
                while head.dep_ == "conj" and head.head.pos_ == "NOUN":
                    head = head.head  # "the 40 people and [companies] sanctioned"
                if head.pos_ in ("NOUN", "PRON", "DET") and head.dep_ == "pobj" and head.head.lower_ == "among":
                    # "[Meta, Alphabet and ByteDance] were among the companies designated ..."
                    verb = head.head.head
                    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    head = subj if subj is not None else head
                targets = self._targets(head)
                if not targets and head.lower_ == "those" and head.dep_ == "nsubj":
                    targets = self._enumerated(pred.sent, actor)  # "Those sanctioned include [A], [B] and [C]"
            elif pred.dep_ == "relcl" and pred.head.pos_ in ("NOUN", "PROPN") and any(
                    c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("which", "that", "whom", "who")
                    for c in pred.children):
                # "The Black Tide cartel, which the State Department designated ...": the clause's noun
                actor = self._phrase(subj) if subj is not None else None
                head = pred.head
                if head.dep_ == "appos" and head.head.pos_ == "PROPN":
                    head = head.head  # "Banco Delta Asia, the Macau bank that the Treasury named ..."
                targets = self._targets(head)
            else:
                actor = self._phrase(subj) if subj is not None else None
                objects = [c for c in pred.children if c.dep_ in ("dative", "dobj") and c.i not in inside] or [
                    c for c in pred.children if c.dep_ == "oprd" and c.pos_ == "PROPN"]  # "named [X] and [Y] as ..."
                for obj in objects:
                    if not (rule.kind == "contract" and obj.lemma_ in _CONTRACT_NOUNS):
                        targets = self._object_target(obj)
                    if targets:
                        break
                more = [o for o in objects if o.dep_ == "dobj" and o.i > objects[0].i] if targets else []
                for obj in more:  # "sanctioned [X], a ... provider, and its two administrators, [A] and [B]": the
                    # parser made each conjunct an object of the verb
                    targets += [r for r in self._object_target(obj) if self._is_name(r) and not self._under(r)
                                and r.text.split()[-1] not in ("Regulations", "Act", "Order", "Law", "Directive")
                                and all(r.start != t.start for t in targets)]
                if rule.kind == "contract" and targets and not any(self._is_name(t) for t in targets):
                    # "awarded positions on its OASIS+ pool to [A], [B] and [C]"
                    named = [t for t in self._party_after(pred, actor, ("to",)) if self._is_name(t)]
                    targets = named or targets
            if not targets:  # "froze the assets of [X] and [Y]": whose assets, inside the trigger
                owned = next((t for t in span if t.lemma_ in ("asset", "fund", "property") and t.i != pred.i), None)
                of = next((c for c in owned.children if c.dep_ == "prep" and c.lower_ == "of"), None) if owned else None
                pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
                if pobj is not None and pobj.pos_ == "PROPN":  # not "of 36 individuals, including [X]"
                    targets = self._targets(pobj)
                    listed = [r for r in self._names_after(of) if self._is_name(r)
                              and r.text not in self.gazetteer.demonym_names]  # not "[Moldovan] businessman X"
                    targets += [r for r in listed if all(not (t.start <= r.start < t.end) for t in targets)]
                    for t in self._doc[of.i:pobj.sent.end]:  # "... and three companies it used: [A], [B] and [C]"
                        if t.dep_ == "conj" and _counted_plural(t):
                            targets += [r for r in self._targets(t) if all(o.start != r.start for o in targets)]
            if actor is None and "agent" in kids:  # "to be designated a gatekeeper [by the Commission]"
                actor = self._phrase(next((c for c in kids["agent"].children if c.dep_ == "pobj"), None))
            for prep in (c for c in pred.children if c.dep_ in ("prep", "dative")):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                if prep.lower_ == "to" and rule.kind == "contract" and not targets:
                    targets = self._targets(pobj)
                elif prep.lower_ == "with" and rule.kind == "contract" and not targets:
                    targets = self._targets(pobj)
                elif prep.lower_ in ("on", "against") and not targets:
                    targets = self._targets(pobj)
            return actor, targets
        # a nominal trigger: "the designation of X", "a partnership with Y", "raids on Z"
        heads = [pred] + [t for t in span if t.i != pred.i]
        for child in [c for h in heads for c in h.children if c.i not in inside]:
            if child.dep_ == "poss":
                role = self._phrase(child)
                if role is None:
                    continue
                if _is_authority(role.entity) and rule.kind != "contract":
                    actor = role
                elif not targets and child.pos_ == "PROPN":
                    targets = [role]
            elif child.dep_ == "compound" and child.pos_ == "PROPN":
                role = self._phrase(child)
                if role and _is_authority(role.entity) and actor is None:
                    actor = role
            elif child.dep_ == "prep":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is None:
                    continue
                word = child.lower_
                if pobj.ent_type_ in ("MONEY", "CARDINAL", "PERCENT") or pobj.like_num \
                        or any(a[0] <= pobj.idx < a[1] for a in self._amounts):
                    continue  # "a penalty of Rs 213.14 crore on Meta": the amount, not the target
                if word in ("of", "on", "against", "to", "for", "into") and not targets:
                    if rule.kind == "contract" and (pobj.lemma_ in _CONTRACT_NOUNS or word in ("for", "on", "of")
                                                    and pobj.ent_type_ not in ("ORG", "GPE", "PERSON")
                                                    and pobj.i not in self._known_by_token):
                        continue  # "a contract for design work", "an MoU on lunar cooperation"
                    if rule.kind == "regulation" and rule.subtype != "enforcement" and word in ("on", "of", "for") \
                            and not self._is_name_token(pobj) and not (word == "for" and pobj.lemma_ in _PARTY_NOUNS):
                        continue  # "a final rule on heat injury": the topic; whom it obliges comes after
                    targets = self._targets(pobj)
                elif word == "with":
                    parties = self._targets(pobj)
                    if rule.kind == "contract":
                        parties = [p for p in parties if self._is_name(p) or _is_authority(p.entity)]  # not "a ceiling"
                    if parties and actor is None and _is_authority(parties[0].entity):
                        actor = parties[0]
                    elif parties and not targets:
                        targets = parties
                elif word in ("by", "from") and actor is None:
                    actor = self._phrase(pobj)
                elif word == "between":
                    parties = self._targets(pobj)
                    if len(parties) >= 2:
                        actor, targets = parties[0], parties[1:]
        head = pred.head
        if rule.kind == "designation" and not targets and pred.dep_ == "nsubj" and head.lemma_ in _AIM_VERBS:
            obj = next((c for c in head.children if c.dep_ == "dobj"), None)
            targets = self._targets(obj) if obj is not None else []  # "New U.S. sanctions targeted [X]"
        if head is not pred and pred.dep_ in ("dobj", "attr", "nsubjpass", "conj", "pobj", "appos"):
            verb = head if head.pos_ in ("VERB", "AUX") else (head.head if head.dep_ == "prep" else None)
            if verb is not None and verb.pos_ in ("VERB", "AUX"):
                passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
                if passive is not None and not targets and rule.kind != "contract" and passive.i != pred.i:
                    targets = self._targets(passive)  # "X was placed under sanctions"
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) or _inherited_subject(verb)
                subj_role = self._phrase(subj) if subj is not None else None
                if subj_role is not None:
                    if rule.kind == "contract" and verb.lemma_ in _RECEIVER_VERBS:
                        if not targets:
                            targets = [subj_role]
                        elif actor is None and subj_role.entity.id != targets[0].entity.id:
                            actor = targets[0]
                            targets = [subj_role]
                    elif rule.kind == "contract" and actor is not None and not targets:
                        targets = [subj_role]  # "X announced a partnership with [authority]"
                    elif rule.subtype == "enforcement" and verb.lemma_ in _RISK_VERBS:
                        if not targets:
                            targets = [subj_role]  # "Tunevo risks a fine of up to €1.1 billion"
                    elif actor is None:
                        actor = subj_role
                        inside = subj_role.end if subj_role is not None else -1
                        partners = [c for c in subj.conjuncts if c.idx >= inside]  # not "Ministry of Electronics
                        # [and Information Technology]", one name the parser split
                        if rule.kind == "contract" and not targets and partners:
                            targets = self._targets(partners[0])  # "X and Y signed a partnership"
                for prep in (c for c in verb.children if c.dep_ in ("prep", "dative", "agent")):
                    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if pobj is None:
                        continue
                    if (prep.lower_ in ("to", "on", "against")
                            or prep.lower_ == "into" and rule.kind == "regulation") and not targets \
                            and pobj.i != pred.i and pobj.lemma_ not in ("law", "force", "effect", "operation"):
                        # not "signed X into [law]"
                        targets = self._targets(pobj)  # "opened an investigation into X"

                    elif prep.lower_ == "with" and rule.kind == "contract":
                        parties = self._targets(pobj)
                        if parties and _is_authority(parties[0].entity) and actor is None:
                            actor = parties[0]
                        elif parties and not targets:
                            targets = parties
                    elif prep.lower_ in ("from", "by") and actor is None:
                        actor = self._phrase(pobj)
                if not targets and rule.kind == "contract" and verb.lemma_ in _SELECT_VERBS:
                    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != pred.i), None)
                    if obj is not None:
                        targets = self._targets(obj)  # "NASA selected [Jacobs] for a contract"
                if not targets and rule.subtype == "enforcement":
                    # "handed [Yolcu] a 420 million lira penalty": the other object
                    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i != pred.i
                                and c.pos_ in ("PROPN", "NOUN")), None)
                    if obj is not None:
                        targets = self._targets(obj)
                if not targets:
                    obj = next((c for c in verb.children if c.dep_ in ("dative",)), None)
                    if obj is not None:
                        targets = self._targets(obj)
        return actor, targets

    def _label_near(self, root, rule: Rule, triggers, claimed_lists):
        """A list-name trigger governed by this trigger ("designated X a supply chain risk")."""
        for other in triggers:
            other_rule = self.rules[other.label_]
            if other_rule.is_list and other_rule.kind == rule.kind and other.sent == root.sent:
                gov = _governor(other.root)
                before = [t for t in other.doc[max(other.sent.start, other.start - 3):other.start]
                          if t.pos_ not in ("DET", "PUNCT")]
                after_as = other.start > root.i and before and before[-1].lower_ == "as" \
                    and other.start - root.i <= 8
                nearer = any(a.i in self._trigger_roots.get(rule.kind, ()) and a.i != root.i
                             for a in other.root.ancestors if root.is_ancestor(a))
                if nearer:
                    continue  # "X sanctioned A, while the State Department designated B as an FTO": B's list
                if root.is_ancestor(other.root) or after_as or gov is not None and (
                        gov.i == root.i or gov.head.i == root.i or root.head.i == gov.i):
                    return other  # claimed by the caller once its event stands
        return None

    def _label_phrase(self, span) -> str:
        root = span.root
        words = [t for t in root.subtree if t.i <= root.i and t.dep_ in ("compound", "amod", "nmod")
                 and t.pos_ not in ("DET",) and t.lower_ not in ("new", "first")]
        start = min([t.i for t in words] + [span.start])
        return span.doc[start:max(span.end, root.i + 1)].text

    def _nearest(self, sent, root, authority: bool, exclude: _Role | None = None) -> _Role | None:
        best = None
        trigger = range(root.left_edge.i, root.i + 1) if root.pos_ == "PROPN" else range(root.i, root.i + 1)
        for token in sent:
            if token.i in trigger or any(s.start <= token.i < s.end for s in self._trigger_spans):
                continue  # not the "Hong Kong" of the "Hong Kong Human Rights and Democracy Act"
            if token.i == sent.start and token.is_upper and token.i + 1 < len(sent.doc) \
                    and sent.doc[token.i + 1].text in ("-", "–", "—", ","):
                continue  # "WASHINGTON –": a dateline
            span = self._known_by_token.get(token.i)
            if span is None and token.ent_type_ in ("ORG", "GPE", "NORP") and token.ent_iob_ == "B":
                span = next(e for e in sent.ents if e.start == token.i)
            if span is None or span.start != token.i:
                continue
            if span.label_ == "GPE" and span.start >= 2 and span.doc[span.start - 1].text == "," \
                    and span.doc[span.start - 2].pos_ in ("PROPN", "NOUN"):
                continue  # "Lockheed Martin Corp., Fort Worth, [Texas]": where a company is, not who acts
            role = self._phrase(span.root)
            if role is None or (exclude and role.entity.id == exclude.entity.id):
                continue
            if _is_authority(role.entity) != authority:
                continue
            distance = (token.i not in self._known_by_token, abs(token.i - root.i))
            if best is None or distance < best[0]:
                best = (distance, role)
        return best[1] if best else None

    def _amount_in(self, sent, rule: Rule):
        if rule.kind == "designation":
            return None
        inside = [a for a in self._amounts if sent.start_char <= a[0] < sent.end_char]
        if self._root_i is not None and len(inside) > 0:
            root = sent.doc[self._root_i]
            clause = root if root.pos_ in ("VERB", "AUX") else next(
                (a for a in root.ancestors if a.pos_ in ("VERB", "AUX")), root)
            lo, hi = sent.doc[clause.left_edge.i].idx, sent.doc[clause.right_edge.i].idx + len(sent.doc[clause.right_edge.i])
            own = [a for a in inside if lo <= a[0] < hi]
            if own or clause.dep_ in ("conj", "ccomp"):
                inside = own  # "fined X $12m, and prosecutors opened an investigation": not the same money
        if len(inside) > 1:  # "fined it $12 million ..., X won a $300 million contract": the trigger's own
            at = sent.doc[self._root_i].idx if self._root_i is not None else sent.start_char
            inside.sort(key=lambda a: min(abs(a[0] - at), abs(a[1] - at)))
        return inside[0] if inside else None

    def _jurisdiction(self, actor: _Role | None, sent, list_rule: Rule | None = None) -> str | None:
        """A country named in the actor's phrase ("Japan's Fair Trade Commission", "the Italian Navy",
        "Defence Construction Canada"); else the actor's own; else the list's own ("Entity List": US);
        else a dateline or governing place when there is no actor."""
        if actor is not None:
            phrase = sent.doc.char_span(actor.start, actor.end, alignment_mode="expand")
            words = list(phrase or ())
            if phrase is not None:  # "[Japan's] Fair Trade Commission", "the [Polish] Armament Agency"
                words += [t for t in phrase.root.subtree if t.i < phrase.start
                          and t.dep_ in ("poss", "compound", "amod", "nmod")]
                before = phrase.doc[phrase.start - 1] if phrase.start > sent.start else None
                if before is not None and (before.ent_type_ == "NORP" or before.text in self.gazetteer.demonym_names):
                    words.append(before)  # "[Philippine] President Ferdinand Marcos Jr."
            own = actor.entity.id
            for token in words:
                known = self.gazetteer.lookup(token.text)
                if token.ent_type_ in ("GPE", "NORP") or token.text in self.gazetteer.demonym_names \
                        or known is not None and known.type == "government" and known.id != own:
                    country = self.gazetteer.country_of(token.text)
                    if country:
                        return country
            for ent in sent.ents:
                if ent.label_ in ("GPE", "NORP") and any(ent.start <= t.i < ent.end for t in words):
                    country = self.gazetteer.country_of(ent.text)
                    if country:
                        return country
            if actor.entity.country:
                return actor.entity.country
            if _is_authority(actor.entity) and sent.start > 0:
                # "Canada announces sanctions ... Today, the Minister of Foreign Affairs announced": the
                # government an earlier sentence made the subject
                earlier = sent.doc[max(0, sent.doc[sent.start - 1].sent.start - 1)].sent.start if sent.start > 1 else 0
                for token in sent.doc[earlier:sent.start]:
                    if token.ent_type_ == "GPE" and token.dep_ == "nsubj" and token.pos_ == "PROPN":
                        country = self.gazetteer.country_of(token.text)
                        if country:
                            return country
        if list_rule is not None and list_rule.jurisdiction:
            return list_rule.jurisdiction
        if actor is not None and _is_authority(actor.entity) and not actor.entity.country:
            # "Ottawa, Ontario — The Minister of Foreign Affairs ...": the dateline places a national authority
            for span in sent.ents:
                if span.label_ == "GPE" and span.start in self._dateline:
                    country = self.gazetteer.country_of(span.text)
                    if country:
                        return country
        if actor is None:
            # no actor: a dateline or a place that governs ("Madrid, 14 March —", "the ministry in Jakarta")
            for span in sent.ents:
                if span.label_ == "GPE" and (span.start == sent.start or span.root.dep_ in ("nsubj", "poss")
                                             or span.root.head.lower_ == "in"):
                    country = self.gazetteer.country_of(span.text)
                    if country:
                        return country
        return None


# words around "contract" in its other senses: sport, markets, private life
_NOT_PROCUREMENT = {"quarterback", "striker", "pitcher", "goalkeeper", "midfielder", "defender", "coach",
                    "manager", "player", "players", "rookie", "season", "league", "nfl", "nba", "mlb", "nhl",
                    "club", "transfer", "futures", "derivatives", "bookmaker",
                    "record label", "publisher", "novel", "actor", "actress", "singer", "band", "tenancy",
                    "landlord", "tenant", "employment contract", "marriage", "prenuptial", "cheaper",
                    "discount", "discounts", "bundle", "black friday", "cyber monday", "coupon", "promo",
                    "all-time low", "price break", "best deals", "list price", "retail price", "customers",
                    "subscribers", "zero-hours", "employees", "record deal", "book deal", "publishing deal",
                    "recording contract"}
_PROCUREMENT_OBJECTS = _CONTRACT_NOUNS | {"modification", "extension", "option", "task", "delivery", "grant",
                                          "lot", "position", "positions", "work", "deal", "funding", "spot"}


def _not_a_procurement(rule: Rule, root, pred, sent, amount) -> bool:
    """Contract triggers in their other senses: player contracts, futures contracts, a prize awarded."""
    words = {t.lower_ for t in sent}
    low = sent.text.lower()
    if words & _NOT_PROCUREMENT or any(" " in w and w in low for w in _NOT_PROCUREMENT):
        return True
    if rule.id == "contract.award_noun" and amount is None and not any(
            t.lemma_ in ("contract", "order", "program", "programme", "task") for t in sent):
        return True  # "won awards from Frost & Sullivan"
    if rule.id == "contract.award_verb" and amount is None:
        objects = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
        if objects and not any(o.lemma_ in _PROCUREMENT_OBJECTS or o.lower_ in _PROCUREMENT_OBJECTS
                               or any(d.lemma_ in _PROCUREMENT_OBJECTS for d in o.subtree) for o in objects):
            return True  # "was awarded the Booker Prize"
    return False


_CODE = re.compile(r"[A-Z]*\d{3,}[A-Z\d]*-|\b[A-Z]{1,2}\d{4,}")  # contract numbers: N00019-23-C-0011


def _contractor_heading(sent):
    """The company a DoD announcement opens with: the words before ", City, State,"."""
    comma = next((t.i for t in sent if t.text == ","), None)
    if comma is None or comma == sent.start or comma + 1 >= sent.end:
        return None
    words = sent.doc[sent.start:comma]
    if not all(t.pos_ in ("PROPN", "CCONJ", "PUNCT", "NOUN") or t.text in ("&", "Inc.", "Corp.", "Co.") for t in words):
        return None
    if sent.doc[comma + 1].pos_ != "PROPN":
        return None
    return words


_APPROVED_THINGS = {"plan", "proposal", "project", "scheme", "budget", "expenditure", "spending", "use", "move",
                    "request", "application", "deal", "merger", "sale", "purchase", "change", "strike", "match",
                    "event", "race", "fight", "bout", "tournament", "rally", "march", "protest", "increase",
                    "construction", "development", "extension", "transfer", "payment", "loan", "release"}
_INTRODUCE_VERBS = {"introduce", "file", "table", "sponsor", "cosponsor", "co-sponsor"}
_BINDING_WORDS = {"require", "must", "oblige", "obligate", "mandatory", "binding", "prohibit", "ban", "draft", "treat",
                  "compel", "force", "shall"}
_DEBATE_VERBS = {"debate", "discuss", "scrutinise", "scrutinize", "consider", "examine", "urge"}
_ANNUL_VERBS = {"annul", "quash", "overturn", "invalidate", "void", "vacate", "strike", "block", "enjoin", "cancel"}
_SOURCE_NOUNS = {"tally", "count", "analysis", "report", "estimate", "study", "data", "according", "survey", "review"}
_ADOPTION_VERBS = {"adopt", "pass", "enact", "approve", "sign", "issue", "publish", "finalize", "finalise",
                   "introduce", "unveil", "propose", "announce", "implement", "impose", "tighten", "relax", "ease",
                   "roll", "release", "agree", "vote", "overhaul", "amend", "update", "bring", "make", "consider",
                   "weigh", "draft", "prepare", "plan", "seek", "study", "debate", "discuss", "explore",
                   "revive", "restore", "reinstate", "repeal", "scrap", "withdraw", "revoke", "rescind", "suspend"}
# plural people who act for a body named after them: "Lawmakers in the [Bundestag]", "Inspectors from the [CMA]"
_MEMBER_WORDS = {"lawmakers", "legislators", "mps", "deputies", "senators", "members", "representatives",
                 "inspectors", "officers", "investigators", "agents", "officials", "staff", "auditors"}
_CASE_WORDS = {"prosecution", "action", "case", "investigation", "complaint", "lawsuit", "suit", "bring", "file",
               "proceedings", "proceeding", "probe", "inquiry"}
_COURT_WORDS = ("court", "judge", "tribunal", "jury")
_UN_ENTRIES = re.compile(r"addition of \w+ entr(?:y|ies) (?:specified below|to)", re.I)
_UNNAMED_LISTS = ("designation.sanctions_list", "designation.asset_freeze_list")


def _under_terror_law(verb) -> bool:
    """"banned X under terror laws / the UAPA / as a terrorist organisation": a proscription."""
    basis = [t for c in verb.children if c.dep_ == "prep" and c.lower_ in ("under", "as") for t in c.subtree]
    return any("terror" in t.lower_ or t.text.rstrip(".") == "UAPA" for t in basis)


def _list_label(span) -> str:
    """A list's name with the words that make it specific: "[UK] sanctions list", "[1267] sanctions list",
    "[strategic high-tech commodities] entity list"."""
    start = span.start
    while start > span.sent.start:
        prev = span.doc[start - 1]
        if prev.dep_ in ("compound", "amod", "nummod", "nmod") and prev.head.i >= span.start and prev.head.i < span.end \
                or prev.dep_ in ("compound", "amod", "nmod") and span.start <= prev.head.i < span.end + 1 \
                and prev.pos_ in ("PROPN", "NUM", "ADJ", "NOUN") and prev.lower_ not in ("its", "new", "latest"):
            if prev.lower_ in ("its", "their", "the", "new", "latest", "own", "bloc"):
                break
            start -= 1
        else:
            break
    return span.doc[start:span.end].text


def _law_name(label: str, span) -> str | None:
    """A regulation's label is a name ("Digital Services Act", "Executive Order 14110", "SB 53"), not a
    common noun ("law", "final rule", "criminal investigation", "penalty")."""
    doc = span.doc
    end = span.end
    while end < min(len(doc), span.end + 2) and any(ch.isdigit() for ch in doc[end].text) \
            and span[-1].lower_ in ("order", "bill", "act", "law", "directive", "regulation", "decree"):
        end += 1  # "Executive Order [14110]"
    if end > span.end and label.endswith(span[-1].text):
        label = f"{label} {doc[span.end:end].text}"
        return label if label[:1].isupper() else None
    words = label.split()
    if any(w[:1].isupper() for w in words[1:]) or len(words) == 1 and label[:1].isupper() and label.isupper():
        return label
    content = [w for w in words if w.lower() not in _GENERIC_LAW_WORDS]
    if len(content) >= 3 and span.root.lemma_ not in _ENFORCEMENT_NOUNS:
        return label  # an unnamed law described: "criminal executive liability framework"
    return None


def _from_party(verb):
    """The named party of "ordered ... from [Saab]" anywhere in the verb's clause."""
    for token in verb.subtree:
        if token.dep_ == "prep" and token.lower_ == "from":
            pobj = next((c for c in token.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None)
            if pobj is not None:
                return pobj
    return None


def _inside_a_name(span, rule: Rule) -> bool:
    """A trigger word that is part of a name: a product, a mission, a person ("David Law")."""
    doc = span.doc
    for ent in doc.ents:
        if ent.start <= span.start and span.end <= ent.end + (1 if rule.id == "regulation.named_act" else 0):
            if ent.label_ in ("PERSON",) and rule.id == "regulation.named_act":
                return True
            if ent.label_ in ("ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT") and not rule.is_list \
                    and rule.id != "regulation.named_act" and span[0].is_title and span.start > span.sent.start \
                    and (ent.end - ent.start) > len(span):
                return True
    if rule.id == "regulation.named_act":
        words = [t for t in span if t.text not in ("Act", "Law", "Bill", "Code", "Rule")]
        if words and all(t.ent_type_ == "PERSON" for t in words):
            return True
    elif not rule.is_list and span[0].is_title and span.start > span.sent.start and span.root.pos_ in ("VERB", "NOUN") \
            and doc[span.start - 1].pos_ == "PROPN" and span.end < len(doc) and doc[span.end].pos_ == "PROPN" \
            and doc[span.end].is_title:
        return True  # "Volatiles [Investigating] Polar Exploration Rover"
    return False


def _construction_ok(rule_id: str, verb) -> bool:
    """Whether a verb that is a news event only in one construction is in it."""
    kids = list(verb.children)
    if rule_id == "designation.terror_ban":
        return _under_terror_law(verb)
    if rule_id == "designation.export_ban":  # "banned exports to [X]": the buyers are listed
        return any(c.dep_ == "dobj" and c.lemma_ in _TRADE_FLOWS and any(
            p.dep_ == "prep" and p.lower_ == "to" for p in c.children) for c in kids) or any(
            c.dep_ == "dobj" and c.lemma_ in _TRADE_FLOWS for c in kids) and any(
            c.dep_ == "prep" and c.lower_ == "to" for c in kids)
    if rule_id == "regulation.order_verb":
        return any(c.dep_ in ("xcomp", "ccomp") and c.lemma_ in _ORDER_ACTIONS for c in kids)
    if rule_id == "contract.order_verb":
        return _from_party(verb) is not None
    if rule_id == "designation.list_verb":  # "EU governments also listed X", not "listed on Nasdaq"
        return any(c.dep_ in ("dobj", "nsubjpass") for c in kids) and not any(
            c.dep_ == "prep" and c.lower_ in ("on", "in", "as") and not any(
                t.lemma_ in ("sanction", "package", "regime", "annex", "designation", "terrorist", "terrorism",
                             "extremist") or t.ent_type_ in ("DATE", "TIME")
                for t in c.subtree)
            for c in kids)  # but "listing X in the next sanctions package"
    if rule_id == "designation.target_verb":
        return any(c.dep_ == "dobj" for c in kids) and verb.dep_ not in ("amod", "acl", "relcl")
    if rule_id == "designation.blocked_property":  # "identified the tanker Ocean Verity as blocked property"
        return any(c.dep_ == "prep" and c.lower_ == "as" and any(t.lower_ == "blocked" for t in c.subtree)
                   or c.dep_ == "advcl" and c.lower_ == "blocked" and any(m.lower_ == "as" for m in c.children)
                   for c in kids) or " as blocked property" in verb.doc[verb.i:verb.sent.end].text  # parsed as a clause
    if rule_id == "contract.option_exercise":  # "exercised an option for more interceptors"
        return any(c.dep_ == "dobj" and c.lemma_ == "option" for c in kids)
    if rule_id == "regulation.require_verb":  # "plans to require operators to store data"
        return any(c.dep_ == "dobj" for c in kids) and any(c.dep_ in ("xcomp", "ccomp") for c in kids) \
            and verb.dep_ == "xcomp" and verb.head.lemma_ in ("plan", "propose", "intend", "move", "vote", "seek",
                                                              "aim", "want", "prepare", "decide")
    if rule_id == "designation.assets_frozen":  # "Assets of 11 individuals ... were frozen"
        return any(c.dep_ == "nsubjpass" and c.lemma_ in ("asset", "fund", "property") for c in kids)
    if rule_id == "regulation.bar_from":  # "barred Kestrel Securities from the securities market"
        return any(c.dep_ == "dobj" and (c.pos_ == "PROPN" or any(a.dep_ == "appos" and a.pos_ == "PROPN"
                                                                 for a in c.children)) for c in kids) and any(
            c.dep_ == "prep" and c.lower_ == "from" for c in kids)  # "barred its promoters, [A] and [B], from"
    if rule_id == "regulation.regulate_verb":
        return not any(c.dep_ == "prep" and c.lower_ == "from" for c in kids)
    if rule_id == "regulation.block_deal":  # "the CMA blocked Microsoft's acquisition of Activision"
        return any(c.dep_ == "dobj" and c.lemma_ in _DEAL_NOUNS for c in kids)
    if rule_id == "regulation.licence_action":  # "suspended the exchange's licence"
        return any(c.dep_ == "dobj" and c.lemma_ in _LICENCE_NOUNS for c in kids)
    if rule_id == "regulation.search_premises":  # "searched the offices of X"
        return any(c.dep_ == "dobj" and c.lemma_ in ("office", "premise", "premises", "headquarters", "home",
                                                       "facility", "site") for c in kids)
    if rule_id == "contract.agree_verb":  # "Toyota and NTT agreed to jointly invest ...", "agreed with X to build"
        subj = next((c for c in kids if c.dep_ == "nsubj"), None)
        two = subj is not None and any(c.dep_ == "conj" for c in subj.children) or any(
            c.dep_ == "prep" and c.lower_ == "with" for c in kids)
        return two and any(c.dep_ == "xcomp" and c.lemma_ in _JOINT_VERBS for c in kids)
    if rule_id == "regulation.slap_verb":  # "slaps €798m fine on Meta", "slaps Ticketmaster with $125 million penalty"
        return any(t.lemma_ in ("fine", "penalty", "levy") for t in verb.subtree)
    if rule_id == "regulation.settle_verb":
        return _charge_object(verb) is not None
    if rule_id == "regulation.propose_verb":
        return any(c.dep_ == "xcomp" and c.lemma_ in _OBLIGE_VERBS | _LIMIT_VERBS for c in kids) \
            or any(c.dep_ == "dobj" and c.lemma_ in _RULE_OBJECTS for c in kids)
    return True


def _dateline_tokens(doc) -> set[int]:
    """Token indices of press-release datelines: "WASHINGTON, March 12 —", "GATINEAU, QC —", "MONTRÉAL —"."""
    out: set[int] = set()
    for sent in doc.sents:
        first = sent[0]
        dash = next((t for t in sent[:12] if t.text in ("—", "–", "--") or t.text == "-" and t.whitespace_
                     and t.i > 0 and doc[t.i - 1].whitespace_), None)  # "WASHINGTON, June 12 (Reuters) - .."
        if dash is None:
            continue
        capitals = first.is_upper and first.is_alpha and len(first) > 2
        place_and_date = first.ent_type_ == "GPE" and all(  # "Brussels, 3 June —"
            t.ent_type_ in ("GPE", "DATE") or t.is_punct or t.like_num for t in sent[:dash.i - sent.start])
        if capitals or place_and_date:
            out.update(range(sent.start, dash.i))
    return out


def _under_phrase(doc, event) -> bool:
    """Whether an event's trigger is the object of "under": "designated ... under the new smartphone law"."""
    trigger = doc.char_span(event.trigger_start, event.trigger_end, alignment_mode="expand")
    return trigger is not None and trigger.root.dep_ == "pobj" and trigger.root.head.lower_ == "under"


def _acting_alongside(doc, role) -> bool:
    """A government named as acting with the actor: "The UK, alongside [the United States] and [Australia], ..."."""
    if role.entity.type != "government":
        return False
    span = doc.char_span(role.start, role.end, alignment_mode="expand")
    return span is not None and any(a.lower_ in ("alongside", "with", "together") and a.dep_ == "prep"
                                    and a.head.dep_ in ("nsubj", "nsubjpass") for a in span.root.ancestors)


def _a_source(doc, role) -> bool:
    """A name given as the source of a statement: "according to [X]", "a tally by [X]"."""
    span = doc.char_span(role.start, role.end, alignment_mode="expand")
    if span is None:
        return False
    return any(a.lower_ == "according" or a.lower_ == "by" and a.head.lemma_ in _SOURCE_NOUNS
               for a in span.root.ancestors)


def _describes_by_hyphen(doc, role) -> bool:
    """A name that only qualifies the next word: "[Magnitsky]-style", "[Kremlin]-linked", "[Beirut]-based"."""
    span = doc.char_span(role.start, role.end, alignment_mode="expand")
    if span is None or span.end + 1 >= len(doc):
        return False
    return doc[span.end].text == "-" and not doc[span.end - 1].whitespace_ and doc[span.end + 1].is_lower


def _enumerated_event(anchor: _Anchor, target: _Role, sent, trigger: tuple[str, int, int]) -> NewsEvent:
    """A designation announced in one sentence whose target a later sentence names: the anchor's actor,
    list and jurisdiction, the later sentence as evidence."""
    return NewsEvent(
        kind="designation", subtype=anchor.subtype, modality=anchor.modality,
        trigger=trigger[0], trigger_start=trigger[1], trigger_end=trigger[2],
        actor=anchor.actor.text, actor_id=anchor.actor.entity.id, actor_name=anchor.actor.entity.name,
        actor_type=anchor.actor.entity.type, actor_start=anchor.actor.start, actor_end=anchor.actor.end,
        target=target.text, target_id=target.entity.id, target_name=target.entity.name,
        target_type=target.entity.type, target_start=target.start, target_end=target.end,
        amount=None, amount_value=None, currency=None, amount_qualifier=None,
        amount_start=None, amount_end=None, label=anchor.label, jurisdiction=anchor.jurisdiction,
        date_text=anchor.date_text, sentence=sent.text, sentence_start=sent.start_char,
        sentence_end=sent.end_char, rule_id=anchor.rule_id + "+enumeration", confidence=0.7)


def _prep_object(token, words, deps=("prep",)):
    """The object of the first preposition under ``token`` whose word is in ``words``: "the offices [of] X"."""
    if token is None:
        return None
    return next((k for c in token.children if c.dep_ in deps and c.lower_ in words
                 for k in c.children if k.dep_ == "pobj"), None)


def _charge_object(verb):
    """What a settlement resolves: "to resolve [allegations]"; or, when the tagger took "charges" for a verb,
    the authority named right before it ("to resolve [Securities and Exchange Commission] charges")."""
    kids = list(verb.children)
    obj = next((c for c in kids if c.dep_ == "dobj" and c.lemma_ in _CHARGE_NOUNS), None)
    if obj is None:
        obj = next((c for c in kids if c.dep_ == "dobj" and c.pos_ == "PROPN" and c.i + 1 < len(c.doc)
                    and c.doc[c.i + 1].lower_ in ("charges", "allegations", "claims", "accusations")), None)
    return obj


def _has_number(token) -> bool:
    """"six entities", "nearly 50 individuals": a number counts the noun."""
    return any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in token.children)


_TITLE_HEADS = {"Minister", "Director", "Commander", "President", "Governor", "Secretary", "Ambassador", "Chairman",
                "Chairwoman", "Mayor", "Judge", "Prosecutor", "General", "Colonel", "Admiral", "Brigadier", "Lieutenant",
                "Chief", "Deputy", "Senator", "Speaker", "Sheikh"}  # "Deputy Defence Minister [Oleg Yemelin]"
_RANKS = {"Lt", "Maj", "Brig", "Gen", "Col", "Adm", "Capt", "Cmdr", "Sgt"}  # "Lt-Gen", "Maj.-Gen."
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12}


def _count_value(token) -> int | None:
    """"two former traders" -> 2, "3 vessels" -> 3: the number counting the noun, when it is exact."""
    for c in token.children:
        if c.dep_ == "nummod":
            if c.lower_ in _NUMBER_WORDS:
                return _NUMBER_WORDS[c.lower_]
            if c.text.isdigit():
                return int(c.text)
    return None


def _counted_plural(token) -> bool:
    """A plural noun with a number: parties counted, maybe named later ("two exchange houses, A and B")."""
    return token.pos_ == "NOUN" and token.tag_ == "NNS" and _has_number(token)


def _is_pronoun(text: str) -> bool:
    """Pronouns and stand-ins; "US" (upper case) is the United States, not "us"."""
    return text.lower() in _PRONOUNS and text != "US" and text != "Company"  # "[Al-Nour Shipping] Company"


def _governor(token):
    """The word a list name hangs from: "added X to [the Entity List]" -> added.

    Climbs through prepositions, compounds and objects to the nearest verb; when
    there is none, the first noun passed on the way.
    """
    node, noun = token, None
    for _ in range(5):
        if node.dep_ in ("pobj", "pcomp"):
            node = node.head.head if node.head.dep_ in ("prep", "agent", "dative") else node.head
        elif node.dep_ in ("attr", "oprd", "dobj", "appos", "ccomp", "xcomp", "conj", "compound", "nmod",
                           "npadvmod", "nsubjpass", "dative", "amod") and node.head is not node \
                or node.dep_ == "prep" and node.pos_ == "ADP" and node.head is not node:  # "as an FTO and [as] an SDGT"
            node = node.head
        else:
            break
        if node.pos_ in ("VERB", "AUX"):
            return node
        if noun is None and node.pos_ in ("NOUN", "PROPN") and node.i not in range(token.left_edge.i, token.i + 1):
            noun = node
    return noun


def targets_spans(targets, doc) -> list:
    """The token spans of roles already chosen, to avoid choosing the same words again."""
    return [doc.char_span(t.start, t.end, alignment_mode="expand") for t in targets if t is not None]


def _with_titles(span):
    """Extend a name leftwards over its title words: "[California Governor] Gavin Newsom"."""
    start = span.start
    while start > span.sent.start:
        prev = span.doc[start - 1]
        if prev.dep_ == "compound" and span.start <= prev.head.i < span.end + (span.start - start) \
                and (prev.pos_ == "PROPN" or prev.lower_ in _AUTHORITY_WORDS):
            start -= 1
        else:
            break
    return span.doc[start:span.end] if start < span.start else span


_REPORTING_VERBS = {"say", "announce", "confirm", "state", "determine", "conclude", "find", "decide", "tell",
                    "add", "disclose", "report", "declare", "notify", "warn", "signal", "indicate"}


def _reporting_subject(pred):
    """The subject of the reporting verb a clause hangs from, or that hangs from it: "[the Bureau] said"."""
    for node in [pred, *list(pred.ancestors)[:4]]:
        for child in node.children:
            if child.dep_ in ("parataxis", "ccomp", "advcl") and child.lemma_ in _REPORTING_VERBS \
                    and child.i > pred.i:
                subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj
        if node is not pred and node.lemma_ in _REPORTING_VERBS:
            return next((c for c in node.children if c.dep_ == "nsubj"), None)
    return None


def _inherited_subject(verb):
    """The subject a verb borrows from the verb it is conjoined to or controlled by; an object
    controls the clause of "led the Department to add ..." ."""
    node = verb
    for _ in range(3):
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head is not node:
            node = node.head
            if verb.dep_ == "xcomp" and node.lemma_ in ("lead", "prompt", "force", "push", "urge", "ask", "cause",
                                                       "order", "direct", "instruct", "allow", "require"):
                obj = next((c for c in node.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return obj
            subj = next((c for c in node.children if c.dep_ in ("nsubj",)), None)
            if subj is None and node.lemma_ in ("expect", "set", "due", "poise", "likely", "say", "report"):
                subj = next((c for c in node.children if c.dep_ == "nsubjpass"), None)  # "is expected to propose"
            if subj is not None:
                return subj
        elif node.dep_ == "pcomp" and node.head.lower_ == "by" and node.head.head.pos_ in ("VERB", "AUX"):
            node = node.head.head  # "the Department is taking further action ... by sanctioning four entities"
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
        elif node.dep_ == "acl" and node.head.dep_ in ("dobj", "attr") and node.head.head.pos_ in ("VERB", "AUX"):
            node = node.head.head  # "Tokyo has no [plans] to sanction ..."
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
        else:
            return None
    return None


def _entity_type(span) -> str:
    label = span.label_ if hasattr(span, "label_") and span.label_ else (span.root.ent_type_ if len(span) else "")
    if label == "GPE" and not (span.text.isupper() and len(span.text) <= 3):
        return "government"
    if "central bank" in span.text.lower() or "monetary authority" in span.text.lower():
        return "agency"
    if len(span) and span[-1].text.rstrip(".").lower() in _CORPORATE_SUFFIXES:
        return "company"  # "Crowley Government Services Inc."
    words = {w.lower_ for w in span}
    if "bank" in words and not words & _PUBLIC_BANK_WORDS:
        return "organization" if label != "PERSON" else "person"  # "Lindqvist Savings Bank" is a company
    if words & _AUTHORITY_WORDS:
        return "agency"
    if label == "ORG":
        return "organization"
    if label == "NORP":
        return "group"
    return "unknown"


def _is_authority(entity: Entity) -> bool:
    return entity.type in AUTHORITY_TYPES


def _subtype(kind: str, sentence: str) -> str:
    low = sentence.lower()
    for subtype, cues in _SUBTYPE_CUES.get(kind, []):
        if any(cue in low for cue in cues):
            return subtype
    return {"designation": "other", "contract": "other", "regulation": "law_adopted"}[kind]
