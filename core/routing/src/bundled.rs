//! The bundled sample road network: OpenStreetMap extract of Andorra (© OpenStreetMap
//! contributors, ODbL 1.0; see testdata/maps/PROVENANCE.txt).

use crate::error::Result;
use crate::osm::road_graph_from_pbf;
use crate::prepared::PreparedGraph;
use crate::profile::Profile;

/// The Andorra OSM PBF (565 KB).
pub const ANDORRA_PBF: &[u8] = include_bytes!("../../../testdata/maps/andorra.osm.pbf");

/// Imports and prepares the bundled Andorra map for `profile`.
pub fn bundled_andorra(profile: &Profile) -> Result<PreparedGraph> {
    let (g, _) = road_graph_from_pbf(ANDORRA_PBF, profile)?;
    Ok(PreparedGraph::prepare(g))
}
