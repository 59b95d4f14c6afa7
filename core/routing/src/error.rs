//! The one error type of the routing crate, with stable machine-readable codes.

use thiserror::Error;

/// Everything that can go wrong in routing, each variant with a stable code (see [`RoutingError::code`]).
#[derive(Debug, Error, Clone, PartialEq)]
pub enum RoutingError {
    /// An OSM PBF file could not be read.
    #[error("OSM PBF: {0}")]
    OsmPbf(String),
    /// An edge-list file has a malformed line.
    #[error("edge list line {line}: {message}")]
    EdgeList {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The input produced an empty road graph.
    #[error("empty graph: {0}")]
    EmptyGraph(String),
    /// A prepared-graph file is corrupt, truncated or of another version.
    #[error("prepared graph file at byte {offset}: {message}")]
    GraphFile {
        /// Byte offset where the problem was found.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// A node id is outside the graph.
    #[error("node {node} is out of range (graph has {nodes} nodes)")]
    NodeOutOfRange {
        /// The node id given.
        node: u32,
        /// Number of nodes in the graph.
        nodes: u32,
    },
    /// An edge id is outside the graph.
    #[error("edge {edge} is out of range (graph has {edges} edges)")]
    EdgeOutOfRange {
        /// The edge id given.
        edge: u32,
        /// Number of edges in the graph.
        edges: u32,
    },
    /// A traffic update is invalid (factor not finite or negative, wrong profile shape).
    #[error("traffic: {0}")]
    Traffic(String),
    /// A coordinate is invalid or the graph has no coordinates.
    #[error("coordinates: {0}")]
    Coordinates(String),
    /// No road segment lies within the snapping radius.
    #[error("no road within {radius_m} m of ({lat}, {lon})")]
    NoRoadNearby {
        /// Latitude of the point.
        lat: f64,
        /// Longitude of the point.
        lon: f64,
        /// Radius searched, metres.
        radius_m: f64,
    },
    /// Dispatch or hospital input is invalid.
    #[error("dispatch: {0}")]
    Dispatch(String),
    /// A geofence polygon is invalid.
    #[error("geofence {id}: {message}")]
    Geofence {
        /// The geofence id.
        id: String,
        /// What is wrong.
        message: String,
    },
}

impl RoutingError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            RoutingError::OsmPbf(_) => "ROUTING_OSM_PBF",
            RoutingError::EdgeList { .. } => "ROUTING_EDGE_LIST",
            RoutingError::EmptyGraph(_) => "ROUTING_EMPTY_GRAPH",
            RoutingError::GraphFile { .. } => "ROUTING_GRAPH_FILE",
            RoutingError::NodeOutOfRange { .. } => "ROUTING_NODE_OUT_OF_RANGE",
            RoutingError::EdgeOutOfRange { .. } => "ROUTING_EDGE_OUT_OF_RANGE",
            RoutingError::Traffic(_) => "ROUTING_TRAFFIC",
            RoutingError::Coordinates(_) => "ROUTING_COORDINATES",
            RoutingError::NoRoadNearby { .. } => "ROUTING_NO_ROAD_NEARBY",
            RoutingError::Dispatch(_) => "ROUTING_DISPATCH",
            RoutingError::Geofence { .. } => "ROUTING_GEOFENCE",
        }
    }
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, RoutingError>;
