"""Resolve a submission: every reference it makes is looked up before rendering.

Organisations, findings, prior recommendations, the format, every citation
key and every quoted provision are checked here, so each unknown one is
reported where it was written; what the text says about the State's treaties
is checked against its treaty status (warnings).  Parsed inline text, with
provisions already quoted, is kept for the renderer, which never parses twice.
"""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import Iterable

from . import law, treaties
from .assets import Asset, load_asset
from .bibliography import Reference
from .document import Citation, Embed, Inline, LineBreak, ProvisionQuote, Str, walk_inlines
from .embedding import MAX_EMBEDDED_SIZE, EmbeddingBudget, SetInto, Shape, embedding_shape
from .errors import Diagnostics, Location
from .formats import FormatSpec
from .inline import ParsedText, parse_inline
from .model import (OFF, PIECE_KEYS, Finding, Hearing, Organisation, PriorRecommendation, RecommendationSet,
                    StateRecord, Submission, walk_sections)
from .paths import PathProblem
from .project import Project
from .records import Record
from .schema import Text
from .scope import Reads


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


class ResolvedSubmission(Record):
    submission: Submission
    format: FormatSpec
    organisations: list[Organisation]
    findings: dict[str, Finding]
    prior: dict[int, list[PriorRecommendation]]  # id(PriorReference) -> recommendations
    references: dict[str, Reference]
    parsed: dict[int, ParsedText] = field(default_factory=dict)  # id(Text) -> parsed
    prior_sets: dict[int, RecommendationSet] = field(default_factory=dict)  # id(PriorReference) -> set
    used_findings: set[str] = field(default_factory=set)  # incl. those set into text
    quoted_from: dict[int, Location] = field(default_factory=dict)  # id(provision block) -> its law text
    # what the document depends on, so a rebuild can tell whether anything changed
    sources: set[str] = field(default_factory=set)  # content files (display paths)
    cited_keys: set[str] = field(default_factory=set)
    root: Path = Path(".")
    assets: dict[str, Asset] = field(default_factory=dict)  # images content names, by path as written

    def inline(self, text: str) -> list[Inline]:
        parsed = self.parsed.get(id(text))
        return (parsed or parse_inline(text)).inlines

    def embedded(self, text: str) -> list[str]:
        """The findings set into ``text`` (for review copies: where a sentence comes from)."""
        parsed = self.parsed.get(id(text))
        return parsed.embedded if parsed else []


def organisation_logo(project: Project, org: Organisation) -> Asset:
    """An organisation's logo, read inside the repository that declared it."""
    logo = str(org.logo)
    for repo in project.repositories:
        if org.namespace == str(repo.name) and logo.startswith(repo.display + "/"):
            return load_asset(repo.root, logo[len(repo.display) + 1:], f"repository '{repo.name}' ({repo.display})")
    return load_asset(project.root, logo)


class _Resolver:
    def __init__(self, project: Project, diags: Diagnostics, state: StateRecord | None):
        self.project = project
        self.diags = diags
        self.state = state
        self.parsed: dict[int, ParsedText] = {}
        self.keep_alive: list[str] = []
        self.quoted_from: dict[int, Location] = {}  # id(Text) of a provision block -> its law text
        self.warned: set[tuple[str, str]] = set()  # (scope, key): one warning per finding and treaty
        self.used_findings: set[str] = set()
        self.sources: set[str] = set()
        self.cited_keys: set[str] = set()
        self.embedding = EmbeddingBudget()
        self.shapes: dict[int, Shape] = {}  # id(text) -> its size and notes, set-in findings included
        self.shapes_set_in: dict[int, Shape] = {}  # id(text) -> what its ![[...]] brought, while resolving

    def uses_broken(self, folder: str, ident: str) -> None:
        """The submission names a file that failed to load: its errors are this target's."""
        path = self.project.broken_paths.get(f"{folder}:{ident}")
        if path:
            self.sources.add(path)

    def uses(self, item) -> None:
        """``item`` (anything loaded from a content file) goes into the document."""
        self.sources.add(item.loc.path)

    def text(self, text: str | None, scope: str = "", embedding: tuple[str, ...] = (),
             namespace: str = "") -> None:
        """Parse inline markup once, set in embedded findings, quote provisions, check each
        citation key and binding claim.

        ``namespace``: the shared repository the text belongs to; its bare ids mean its own.
        """
        if text is None or id(text) in self.parsed:
            return
        parsed = parse_inline(text)
        self.parsed[id(text)] = parsed
        self.keep_alive.append(text)
        for problem in parsed.problems:
            if problem.severity == "warning":
                self.diags.warning(problem.loc, problem.message)
            else:
                self.diags.error(problem.loc, problem.message)
        if namespace:
            _qualify(parsed.inlines, namespace)
        for key, loc in treaties.claims(parsed.inlines):
            self.claim(key, loc or getattr(text, "loc", None), scope or str(id(text)), declared=False)
        if any(isinstance(n, ProvisionQuote) for n in walk_inlines(parsed.inlines)):
            self.sources.update(instrument.loc.path for instrument in self.project.law.values())
            parsed.inlines = law.expand(parsed.inlines, self.project, self.diags)
        own = embedding_shape(parsed.inlines)
        parsed.inlines = _embed(self, parsed.inlines, embedding, parsed.embedded, owner=id(text))
        self.shapes[id(text)] = own.plus(self.shapes_set_in.pop(id(text), Shape()))
        self.check_keys(parsed.inlines, getattr(text, "loc", None))

    def lines(self, text: Text | None) -> None:
        """A front-matter piece: each line of a literal block (``|``) a line of its own."""
        if text is None or "\n" not in str(text).strip():
            self.text(text)
            return
        inlines: list[Inline] = []
        for number, line in enumerate(str(text).strip().split("\n")):
            part = Text.located(line, text.scalar)
            self.text(part)
            if number:
                inlines.append(LineBreak())
            inlines.extend(self.parsed[id(part)].inlines)
        self.parsed[id(text)] = ParsedText(inlines)
        self.keep_alive.append(text)

    def check_keys(self, inlines: list[Inline], fallback: Location | None) -> None:
        bibliography = self.project.bibliography
        for node in walk_inlines(inlines):
            if isinstance(node, Citation):
                for item in node.items:
                    self.cited_keys.add(item.key)
                    if not bibliography.knows(item.key):
                        self.unknown_key(item.key, item.loc or fallback)

    def unknown_key(self, key: str, loc: Location | None) -> None:
        keys = list(self.project.bibliography.keys())
        where = loc or Location("<text>")
        for repo in self.project.repositories:
            prefix = f"{repo.name}:"
            # a shared repository's own text names its own keys without this project's name for
            # it: say the key as written there, and suggest one as it would be written there
            if key.startswith(prefix) and where.path.startswith(repo.display.rstrip("/") + "/"):
                own = [k[len(prefix):] for k in keys if k.startswith(prefix)]
                written = key[len(prefix):]
                self.diags.error(where, f"unknown citation key '{written}'{_did_you_mean(written, own)}")
                return
        self.diags.error(where, f"unknown citation key '{key}'{_did_you_mean(key, keys)}")

    def provision_block(self, text: Text) -> None:
        """``provision: instrument/3(1)``: the quotation and its note, kept as the block's text."""
        self.sources.update(instrument.loc.path for instrument in self.project.law.values())
        inlines = law.block(str(text), text.loc, self.project, self.diags)
        self.check_keys(inlines, text.loc)  # a provision's own text may cite
        self.parsed[id(text)] = ParsedText(inlines)
        self.keep_alive.append(text)
        instrument, _, number = str(text).partition("/")
        found = self.project.law.get(instrument.strip())
        provision = found.find(number.strip()) if found is not None else None
        if provision is not None:  # where its words are written, for review copies
            self.quoted_from[id(text)] = provision.text.loc

    def claim(self, key: str, loc: Location | None, scope: str, declared: bool) -> None:
        """The text says the State is bound by ``key`` (a citation key or a content/law/ id)."""
        instrument = self.project.law.get(key)
        key = str(instrument.source) if instrument is not None and key not in self.project.bibliography else key
        ref = self.project.bibliography.references.get(key)
        if ref is None:
            if declared:
                self.unknown_key(key, loc)
            return  # an unknown key in the text is reported by check_keys
        if (scope, key) in self.warned:
            return
        message = treaties.problem(self.state, ref, declared)
        if message:
            self.warned.add((scope, key))
            self.diags.warning(loc or Location("<text>"), message)

    def binding(self, keys: list[Text], scope: str) -> None:
        for key in keys:
            self.claim(str(key), key.loc, scope, declared=True)

    def check_sources(self) -> None:
        """Keys that law, treaty-status and recommendation files point at must be in references.bib."""
        bib = self.project.bibliography
        # bib.knows: an entry written but refused has its own error, never "unknown" as well
        for instrument in self.project.law.values():
            if not bib.knows(str(instrument.source)):
                self.unknown_key(str(instrument.source), instrument.source.loc)
        for record in self.project.states.values():
            for status in record.treaties:
                if str(status.instrument) not in bib:
                    if not bib.knows(str(status.instrument)):
                        self.unknown_key(str(status.instrument), status.instrument.loc)
                elif bib[str(status.instrument)].kind != "treaty":
                    self.diags.error(status.instrument.loc, f"'{status.instrument}' is a "
                                     f"{bib[str(status.instrument)].kind.replace('-', ' ')}, not a treaty: "
                                     "only treaties have a status")
                source = str(status.source)
                if not source.startswith(("http://", "https://")) and not bib.knows(source):
                    self.diags.error(status.source.loc, f"the source '{source}' is neither a citation key "
                                     f"nor a web address{_did_you_mean(source, bib.keys())}")
        for rec_set in self.project.recommendations.values():
            for key in (rec_set.source, rec_set.response_source):
                if key is not None and not bib.knows(str(key)):
                    self.unknown_key(str(key), getattr(key, "loc", None))


# Submission keys only front-page pieces print, and those pieces: a format printing none of
# them ignores the key (a CECC statement's closing imported as a Special Rapporteur input).
KEY_PIECES = {"author": ("author", "signature"), "closing": ("closing",), "salutation": ("salutation",),
               "addressee": ("addressee",), "hearing": ("hearing",), "hearing_date": ("hearing",),
               "publication_consent": ("consent",), "place": ("date_line",)}


def _check_keys_printed(submission: Submission, spec: FormatSpec, diags: Diagnostics) -> None:
    printed = {str(p) for p in spec.front_matter}
    required = {str(name) for name in spec.requires}
    for key, pieces in KEY_PIECES.items():
        value = getattr(submission, key, None)
        if value is None or key in required or printed & set(pieces):
            continue
        where = getattr(value, "loc", None) or submission.loc
        diags.warning(where, f"the {spec.id} format prints no {' or '.join(pieces)}, so '{key}' has no effect")


def _check_front_matter(submission: Submission, spec: FormatSpec, diags: Diagnostics) -> None:
    """The keys and sections the format says a submission of its kind must have."""
    given = dict(submission.front_matter.given()) if submission.front_matter is not None else {}
    replaced = {PIECE_KEYS[piece] for piece in given if piece in PIECE_KEYS}
    for name in spec.requires:
        if str(name) in replaced:
            continue  # the one piece that prints it is switched off or has its own text
        value = getattr(submission, str(name), None)
        if value in (None, "", []):  # an empty value is an error at its key (schema.py), this its absence
            # front_matter's own text for a piece of that name replaces one line, not the key
            also = (f"; front_matter's '{name}' replaces only that piece's text, and other pieces "
                    f"print '{name}' too") if str(name) in given else ""
            diags.error(getattr(value, "loc", None) or submission.loc,
                        f"the {spec.id} format requires '{name}' in the submission "
                        f"(see {spec.shown or f'templates/{spec.id}/'}format.yaml){also}")
    if submission.front_matter is not None:
        printed = [str(p) for p in spec.front_matter]
        for name, value in submission.front_matter.given():
            if name not in printed:
                diags.error(value.loc, f"the {spec.id} format has no front-matter piece '{name}' "
                                       f"(its pieces: {', '.join(printed) or 'none'})")
    _check_keys_printed(submission, spec, diags)
    dated = {"date_line", "submitted_by"} & {str(p) for p in spec.front_matter}  # the pieces that print a date
    if submission.date_style is not None and not dated:
        diags.error(submission.loc, f"the {spec.id} format prints no date, so 'date_style' has no effect")
    if submission.subtitles and "subtitle" not in [str(p) for p in spec.front_matter]:
        diags.error(submission.subtitles[0].loc, f"the {spec.id} format prints no subtitles")
    kinds = [section.kind for section in submission.sections if section.kind]
    position = 0
    for kind in spec.required_sections:
        if kind not in kinds[position:]:
            diags.error(submission.loc, f"the {spec.id} format requires a section of kind '{kind}'"
                                        + (" after the ones before it" if kind in kinds else ""))
            continue
        position = kinds.index(kind, position) + 1


def _qualify(inlines: list[Inline], namespace: str) -> None:
    """Bare citation keys and finding ids in a shared repository's text are its own."""
    for node in walk_inlines(inlines):
        if isinstance(node, Citation):
            for item in node.items:
                if ":" not in item.key:
                    item.key = f"{namespace}:{item.key}"
        elif isinstance(node, Embed) and ":" not in node.finding:
            node.finding = f"{namespace}:{node.finding}"


def _embed(resolver: "_Resolver", inlines: list[Inline], embedding: tuple[str, ...],
           found: list[str], context: SetInto = SetInto(), owner: int = 0) -> list[Inline]:
    """Replace each ``![[id]]`` by the inlines of that one-paragraph finding; ``found`` gets its id.

    ``context`` says whether these inlines are inside a footnote or a link's text;
    ``owner`` is the text they belong to (what each set-in finding adds to its shape).
    """
    out: list[Inline] = []
    project = resolver.project
    for node in inlines:
        if isinstance(node, Embed):
            finding = project.findings.get(node.finding)
            if finding is None:
                resolver.uses_broken("findings", node.finding)
                if node.finding not in project.broken["findings"]:
                    resolver.diags.error(node.loc, f"unknown finding '{node.finding}'"
                                                   f"{_did_you_mean(node.finding, project.findings)}")
                continue
            if node.finding in embedding:
                resolver.diags.error(node.loc, f"finding '{node.finding}' embeds itself "
                                               f"(through {' -> '.join(embedding)})")
                continue
            if len(finding.paragraphs) != 1:
                resolver.diags.error(node.loc, f"finding '{node.finding}' has {len(finding.paragraphs)} "
                                               "paragraphs; only a one-paragraph finding can be set into text")
                continue
            if resolver.embedding.exceeded:
                continue  # said once, where it happened
            resolver.used_findings.add(node.finding)
            resolver.uses(finding)
            paragraph = finding.paragraphs[0]
            resolver.text(paragraph, f"finding:{node.finding}", embedding + (node.finding,), finding.namespace)
            embedded = resolver.parsed[id(paragraph)]
            shape = resolver.shapes.get(id(paragraph), Shape())
            if resolver.embedding.exceeded:
                continue  # passed inside that finding, and said there
            if not resolver.embedding.allows(shape):
                resolver.diags.error(node.loc, f"setting finding '{node.finding}' in here brings what "
                                     f"![[...]] sets into this submission to more than "
                                     f"{MAX_EMBEDDED_SIZE:,} words and notes: findings that set each other "
                                     "in several times multiply")
                continue
            problem = context.refuses(node.finding, shape)
            if problem:
                resolver.diags.error(node.loc, problem)
                continue
            resolver.shapes_set_in[owner] = resolver.shapes_set_in.get(owner, Shape()).plus(shape)
            found.append(node.finding)
            found.extend(embedded.embedded)
            out.extend(_spaced_citations(embedded.inlines) if context.note else embedded.inlines)
        else:
            children = getattr(node, "children", None)
            if children:
                node.children = _embed(resolver, children, embedding, found, context.inside(node), owner)
            out.append(node)
    return out


def _spaced_citations(inlines: list[Inline]) -> list[Inline]:
    """A finding set into a footnote: its citations are printed in the note's text, so the one
    moved after a full stop ("a cite.[@key]") needs a space before it ("a cite. Committee ...")."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Citation) and out and isinstance(out[-1], Str) and out[-1].text \
                and not out[-1].text[-1].isspace():
            out.append(Str(" "))
        out.append(node)
    return out


def resolve(project: Project, target: str, diags: Diagnostics) -> ResolvedSubmission | None:
    """``target`` resolved; None when a file it reads has errors (errors elsewhere do not count)."""
    return resolve_reading(project, target, diags)[0]


def resolve_reading(project: Project, target: str, diags: Diagnostics) -> tuple[ResolvedSubmission | None, Reads]:
    """``target`` resolved, and the files it reads (see scope.py)."""
    if target not in project.submissions:  # its own file failed to load
        path = project.broken_paths.get(f"submissions:{target}", f"content/submissions/{target}.yaml")
        return None, Reads(files={path})
    submission = project.submissions[target]
    state = treaties.find_state(project, submission)
    resolver = _Resolver(project, diags, state)
    resolver.check_sources()
    resolver.uses(submission)
    if state is not None:
        resolver.uses(state)

    spec = project.formats.get(str(submission.format))
    if spec is None and str(submission.format) in project.broken_formats:
        pass  # the spec's own errors are reported already
    elif spec is None:
        diags.error(
            submission.format.loc,
            f"unknown format '{submission.format}' "
            f"(known: {', '.join(sorted(project.formats)) or 'none'})"
            f"{_did_you_mean(str(submission.format), project.formats)}",
        )

    if spec is not None:
        _check_front_matter(submission, spec, diags)

    organisations: list[Organisation] = []
    assets: dict[str, Asset] = {}
    listed: set[str] = set()
    for org_id in submission.organisations:
        if str(org_id) in listed:  # not two organisations: a joint limit, a letterhead twice
            diags.error(org_id.loc, f"organisation '{org_id}' is listed twice")
            continue
        listed.add(str(org_id))
        org = project.organisations.get(str(org_id))
        resolver.uses_broken("organisations", str(org_id))
        if org is None and str(org_id) in project.broken["organisations"]:
            continue  # its own errors are reported already
        if org is None:
            diags.error(
                org_id.loc,
                f"unknown organisation '{org_id}'{_did_you_mean(str(org_id), project.organisations)}",
            )
            continue
        organisations.append(org)
        resolver.uses(org)
        resolver.text(org.description, namespace=org.namespace)
        if org.logo is not None and str(org.logo) not in assets:
            try:
                assets[str(org.logo)] = organisation_logo(project, org)
            except PathProblem as exc:
                diags.error(org.logo.loc, f"logo: {exc}")

    findings: dict[str, Finding] = {}
    prior: dict[int, list[PriorRecommendation]] = {}
    prior_sets: dict[int, RecommendationSet] = {}
    for name, value in submission.front_matter.given() if submission.front_matter is not None else ():
        if str(value) != OFF:
            resolver.lines(value)
    for line in submission.subtitles:
        resolver.lines(line)
    # the front page's texts the templates print as inline markup: their citations checked too
    author = submission.author
    for front_text in (submission.title, submission.state, submission.place, submission.addressee,
                       submission.salutation, submission.closing, *(
                           (author.name, author.title, author.affiliation) if author is not None else ())):
        if front_text is not None and isinstance(front_text, str):
            resolver.text(front_text)
    if isinstance(submission.hearing, Hearing):
        resolver.text(submission.hearing.title)
    else:
        resolver.text(submission.hearing)
    for section, _level in walk_sections(submission.sections):
        resolver.text(section.title)
        for block in section.blocks:
            kind = block.kind
            if kind == "text":
                resolver.binding(block.binding, str(id(block.text)))
                resolver.text(block.text, str(id(block.text)))
            elif kind == "provision":
                assert block.provision is not None
                resolver.provision_block(block.provision)
            elif kind == "quote":
                resolver.text(block.quote, str(id(block.quote)))
                resolver.text(block.source)
            elif kind == "finding":
                finding_id = str(block.finding)
                finding = project.findings.get(finding_id)
                resolver.uses_broken("findings", finding_id)
                if finding is None and finding_id in project.broken["findings"]:
                    continue
                if finding is None:
                    assert isinstance(block.finding, Text)
                    diags.error(
                        block.finding.loc,
                        f"unknown finding '{finding_id}'{_did_you_mean(finding_id, project.findings)}",
                    )
                    continue
                findings[finding_id] = finding
                resolver.used_findings.add(finding_id)
                resolver.uses(finding)
                scope = f"finding:{finding_id}"
                resolver.binding(finding.binding, scope)
                for paragraph in finding.paragraphs:
                    resolver.text(paragraph, scope, (finding_id,), finding.namespace)
            elif kind == "prior_recommendations":
                ref = block.prior_recommendations
                assert ref is not None
                rec_set = project.recommendations.get(str(ref.set))
                resolver.uses_broken("recommendations", str(ref.set))
                if rec_set is None and str(ref.set) in project.broken["recommendations"]:
                    continue
                if rec_set is None:
                    diags.error(
                        ref.set.loc,
                        f"unknown recommendation set '{ref.set}'"
                        f"{_did_you_mean(str(ref.set), project.recommendations)}",
                    )
                    continue
                resolver.uses(rec_set)
                found = []
                # a recommendation with an error of its own was left out of the set: not "missing"
                set_has_errors = any(d.location.path == rec_set.loc.path for d in diags.errors)
                for number in ref.numbers:
                    rec = rec_set.find(str(number))
                    if rec is None and set_has_errors:
                        continue
                    if rec is None:
                        numbers = [r.number for r in rec_set.recommendations]
                        diags.error(
                            number.loc,
                            f"recommendation {number} is not in set '{ref.set}'"
                            f"{_did_you_mean(str(number), numbers)}",
                        )
                        continue
                    found.append(rec)
                    resolver.text(rec.text, namespace=rec_set.namespace)
                prior[id(ref)] = found
                prior_sets[id(ref)] = rec_set
            else:
                for item in getattr(block, kind) or []:
                    resolver.text(item)

    reads = Reads(files=set(resolver.sources), format_id=str(submission.format))
    if spec is None or any(reads.covers(d.location.path) for d in diags.errors):
        return None, reads
    resolved = ResolvedSubmission(
        submission=submission,
        format=spec,
        organisations=organisations,
        findings=findings,
        prior=prior,
        prior_sets=prior_sets,
        references=project.bibliography.references,
        parsed=resolver.parsed,
        used_findings=resolver.used_findings,
        quoted_from=resolver.quoted_from,
        sources=resolver.sources,
        cited_keys=resolver.cited_keys,
        root=project.root,
        assets=assets,
    )
    resolved._keep_alive = resolver.keep_alive  # type: ignore[attr-defined]  # ids stay valid
    return resolved, reads
