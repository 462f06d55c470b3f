"""HSDS taxonomy terms into the directory's categories, by id or by code, in two levels."""

import uuid

from resources.hsds.lookups import free_slug
from resources.hsds.values import field_values, is_uuid
from resources.models import Category


class TermImporter:
    """Taxonomy-term records, and the terms services name in their attributes, for one run."""

    def __init__(self, run):
        self.run = run
        # Terms matched by code keep this site's id; later records may still name them by the file's.
        self.by_file_id = {}

    def import_record(self, record, label, path=""):
        run = self.run
        term_id = run.record_id(record, label, path)
        code = record.get("code") or ""
        category = self.find(term_id) or run.known.category_codes.get(code)
        before = field_values(category)
        created = category is None
        category = category or Category(uuid=term_id)
        values = run.cleaned(Category, {"name": "name", "description": "description"}, record, label, path)
        if "name" not in values and created:
            run.reject(label, f"{path}name", "a taxonomy term needs a name")
        for name, value in values.items():
            setattr(category, name, value)
        if category.description == category.name:
            category.description = ""
        if created:
            category.slug = free_slug(Category, code or category.name)
        parent_id = record.get("parent_id")
        category.parent = self.parent(parent_id, category, label, f"{path}parent_id")
        outcome = run.save_if_changed(category, before)
        self.by_file_id[str(term_id)] = category
        return outcome

    def find(self, term_id):
        """A category by the file's id: this site's own, or the one a term in the file matched by code."""
        if not is_uuid(term_id):
            return None
        return self.run.known.category(term_id) or self.by_file_id.get(str(uuid.UUID(str(term_id))))

    def parent(self, parent_id, category, label, path):
        if not parent_id:
            return None
        parent = self.find(parent_id)
        if parent is None or parent.parent_id or parent.pk == category.pk:
            reason = (
                "is not a known top-level term"
                if parent is None or parent.parent_id
                else "is the term itself"
            )
            self.run.problem(label, path, f"{parent_id} {reason}; imported as a top-level term")
            return None
        if category.pk and category.children.exists():
            self.run.problem(label, path, "this term has its own subterms, so it stays top-level")
            return None
        return parent

    def of_attribute(self, attribute, label, path):
        """The category a service's attribute names, importing a term embedded in it."""
        term = attribute.get("taxonomy_term")
        term_id = attribute.get("taxonomy_term_id") or (term or {}).get("id")
        found = self.find(term_id)
        if found is None and isinstance(term, dict):
            if not self.run.nested(self.import_record, term, label, f"{path}taxonomy_term."):
                return None
            found = self.find(term.get("id"))
        if found is None:
            self.run.problem(
                label, f"{path}taxonomy_term_id", f"no taxonomy term {term_id} in the file or the directory"
            )
        return found
