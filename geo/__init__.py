"""Control over time: the event store, snapshots by date, comparisons, approximate areas and GIS exports.

Public entry points (imported lazily, so ``import geo`` stays cheap for the CLI):
``geo.io.events_to_geojson / write_events / load_events``, ``geo.store.EventStore``,
``geo.snapshot.snapshot``, ``geo.compare.compare``, ``geo.areas.control_areas``.
"""
