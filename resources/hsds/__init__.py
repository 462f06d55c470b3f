"""Open Referral HSDS 3.0: the directory's data exchange, in and out.

Records out
    serialize   a page, organization or category as an HSDS JSON record (the API, the export)
    export      the published directory as a tabular data package and JSON files
    tables      HSDS's tabular form (CSV files joined by ids), both directions, by the standard's
                own table schemas (schema/)
    nesting     how records nest, from the standard's compiled schemas: records ↔ table rows

Records in
    reading     what an import reads (record kinds, their order) and reports (problems)
    values      HSDS values into the directory's, checked by the model fields' validation
    importer    the import run: batches, transactions, the report, the checks all kinds share
    terms, organizations, services   one importer per kind of record
    service_parts   a service's lists (phones, hours, locations, languages …) onto its page
    lookups     what an import looks up again and again, read once
    kept        fields the directory has no place for, checked by the standard's compiled schemas
                (schema/compiled/) and kept as they came, for the API and the export to give back

The HSDS API's views are in `search.api`, above this package: they page and filter through the
search service and serialize with `serialize`.
"""
