"""Routing: prepared road graphs (the bundled Andorra map or a prepared file), travel times,
routes, matrices, GPS snapping, live traffic, dispatch, hospital choice, geofences, coverage.

>>> from medcore import routing
>>> g = routing.Graph.andorra()
>>> g.travel_time(276, 1676)
130062
"""

from ._native import routing as _native

Dispatcher = _native.Dispatcher
GeofenceSet = _native.GeofenceSet
Graph = _native.Graph
coverage = _native.coverage
haversine_m = _native.haversine_m
isochrone = _native.isochrone
select_hospital = _native.select_hospital

__all__ = [
    "Dispatcher",
    "GeofenceSet",
    "Graph",
    "coverage",
    "haversine_m",
    "isochrone",
    "select_hospital",
]
