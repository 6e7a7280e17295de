/// The columns that describe a survey's sampling design: `--weight`,
/// `--strata`, `--cluster`, `--fpc`, or a codebook's/config's
/// `design: {weight, strata, cluster, fpc}`. Values are read from each
/// respondent's baseline row.
public struct SurveyDesignColumns: Sendable, Equatable {
  /// Sampling weight (a positive number).
  public var weight: String?
  /// Stratum (any text).
  public var strata: String?
  /// Primary sampling unit (any text; PSUs are nested in strata).
  public var cluster: String?
  /// Finite population correction: the population size of the stratum (in
  /// PSUs, > 1) or the sampling fraction (≤ 1), as R `svydesign(fpc = )`.
  public var fpc: String?

  public init(weight: String? = nil, strata: String? = nil, cluster: String? = nil, fpc: String? = nil) {
    self.weight = weight
    self.strata = strata
    self.cluster = cluster
    self.fpc = fpc
  }

  /// Reads `{weight, strata, cluster, fpc}`.
  public init(_ node: ConfigNode) throws(IngestError) {
    try node.checkKeys(["weight", "strata", "cluster", "fpc"])
    weight = try node["weight"]?.text()
    strata = try node["strata"]?.text()
    cluster = try node["cluster"]?.text()
    fpc = try node["fpc"]?.text()
  }

  /// No design column given.
  public var isEmpty: Bool { weight == nil && strata == nil && cluster == nil && fpc == nil }

  /// These columns, each falling back to `other`'s (options over codebook).
  public func over(_ other: SurveyDesignColumns?) -> SurveyDesignColumns {
    SurveyDesignColumns(
      weight: weight ?? other?.weight, strata: strata ?? other?.strata, cluster: cluster ?? other?.cluster,
      fpc: fpc ?? other?.fpc)
  }

  /// The column names given, in the order weight, strata, cluster, fpc.
  public var names: [String] { [weight, strata, cluster, fpc].compactMap { $0 } }
}
