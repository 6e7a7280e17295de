# Reference values for the survey-design figures of `impact literacy`
# (Sources/ImpactStats/Design/SurveyEstimates.swift), checked by
# Tests/ImpactPipelineTests/DesignReferenceTests.swift.
#
# Tool: R 4.2.2 with survey 4.1-1 (Debian r-cran-survey), run 2026-11-30
# (per --by group domains added 2026-11-30, same versions):
#   cd Tests/ImpactPipelineTests/Fixtures/design && Rscript make_design_reference.R
# options(survey.lonely.psu = "adjust"). Per indicator and the composite, on
# the domain of complete pairs, subset(design, complete):
#   svymean(~pre), svymean(~post), svymean(~d, deff = TRUE), svyttest(d ~ 0)
#   (df = degf(design) - 1), svyratio(~post, ~pre) with confint (normal
#   quantile), svymean of the pass indicators and of their difference.
# Per --by group g (domain estimation on the full design): the same figures
# on subset(design, complete & group == g); its svyttest df is
# degf(subset) - 1, where degf counts only the PSUs and strata with a
# complete pair of the group (survey's degf.survey.design2 counts rows of
# nonzero weight), while the variance keeps every PSU of the full design
# (onestrat pads the subset with zero PSUs up to the stratum's n_h). The
# script checks that the SEs equal svyby(~x, ~group, design, svymean).
# A blank group value is the group "(missing)" (R: is.na(group)).
# Cases:
#   apistrat  survey's api data: strata = ~stype, weights = ~pw, fpc = ~fpc
#   apiclus1  id = ~dnum, weights = ~pw, fpc = ~fpc
#   (api99 = baseline, api00 = endline, paired by snum; scale [200, 1000],
#    pass at 800, the API target)
#   generated stratified cluster sample with attrition, endline-only
#   respondents, missing answers, a reversed item, a one-PSU stratum and a
#   cluster whose respondents all dropped out; population-size fpc.
# The design is the baseline sample: every baseline respondent (dropouts
# too) with the weight, stratum, cluster and fpc of the baseline row.
# Tolerance in the test: 1e-9 relative (1e-12 absolute where R gives 0).
suppressMessages(library(survey))
options(survey.lonely.psu = "adjust")
num <- function(v) if (is.null(v) || length(v) == 0 || is.na(v) || !is.finite(v)) "null" else formatC(v, digits = 17, format = "g")

# One outcome: x = data frame with w/strata/cluster/fpc columns, pre, post,
# pass threshold (NA: none), direction.
figures <- function(df, ids, strata, fpc, pre, post, threshold, higher = TRUE, domain = NULL) {
  df$pre <- pre
  df$post <- post
  df$complete <- !is.na(pre) & !is.na(post)
  df$pre[!df$complete] <- 0
  df$post[!df$complete] <- 0
  df$d <- df$post - df$pre
  df$dom <- if (is.null(domain)) TRUE else domain
  if (!is.na(threshold)) {
    pass <- function(x) if (higher) as.numeric(x >= threshold) else as.numeric(x <= threshold)
    df$p <- pass(df$pre)
    df$q <- pass(df$post)
    df$pq <- df$q - df$p
  }
  des <- svydesign(ids = ids, strata = strata, weights = ~w, fpc = fpc, data = df)
  sub <- if (is.null(domain)) subset(des, complete) else subset(des, complete & dom)
  if (!is.null(domain)) {
    # The domain's SEs are svyby's (domain estimation on the full design).
    by <- svyby(~pre + post, ~dom, subset(des, complete), svymean)
    stopifnot(isTRUE(all.equal(unname(SE(by)[by$dom, 1]), SE(svymean(~pre, sub))[[1]], tolerance = 1e-12)))
  }
  s <- if (higher) 1 else -1
  mpre <- svymean(~pre, sub)
  mpost <- svymean(~post, sub)
  md <- svymean(~d, sub, deff = TRUE)
  tt <- svyttest(d ~ 0, sub)
  r <- svyratio(~post, ~pre, sub)
  rci <- confint(r)
  out <- list(
    n_pairs = sum(df$complete & df$dom), weight_sum = sum(df$w[df$complete & df$dom]), design_df = degf(sub),
    mean_pre = coef(mpre)[[1]], se_pre = SE(mpre)[[1]],
    mean_post = coef(mpost)[[1]], se_post = SE(mpost)[[1]],
    mean_diff = s * coef(md)[[1]], se_diff = SE(md)[[1]], deff = deff(md)[[1]],
    t = s * tt$statistic[[1]], df = tt$parameter[[1]], p_value = tt$p.value,
    ci_low = if (higher) tt$conf.int[1] else -tt$conf.int[2],
    ci_high = if (higher) tt$conf.int[2] else -tt$conf.int[1],
    ratio = coef(r)[[1]], ratio_se = SE(r)[[1]],
    pct_change = s * 100 * (coef(r)[[1]] - 1),
    pct_change_ci_low = if (higher) 100 * (rci[1] - 1) else -100 * (rci[2] - 1),
    pct_change_ci_high = if (higher) 100 * (rci[2] - 1) else -100 * (rci[1] - 1))
  if (!is.na(threshold)) {
    a <- svymean(~p, sub)
    b <- svymean(~q, sub)
    ch <- svymean(~pq, sub)
    out$share_pass_pre <- coef(a)[[1]]
    out$se_pass_pre <- SE(a)[[1]]
    out$share_pass_post <- coef(b)[[1]]
    out$se_pass_post <- SE(b)[[1]]
    out$pass_change <- coef(ch)[[1]]
    out$se_pass_change <- SE(ch)[[1]]
  }
  out
}

json_obj <- function(x) paste0("{", paste(sprintf("\"%s\": %s", names(x), sapply(x, num)), collapse = ", "), "}")

json_outcomes <- function(results)
  paste(sprintf("\"%s\": %s", names(results), sapply(results, json_obj)), collapse = ",\n    ")

# groups: list(column = list(value = list(outcome = figures))), written as
# "groups": {"column": {"value": {"outcome": {...}}}}.
write_case <- function(name, args, results, groups = list()) {
  dir.create(name, showWarnings = FALSE)
  a <- paste(sprintf("\"%s\": \"%s\"", names(args), unlist(args)), collapse = ", ")
  r <- paste(sprintf("\"%s\": %s", names(results), sapply(results, json_obj)), collapse = ",\n  ")
  g <- paste(sapply(names(groups), function(col) {
    v <- paste(sprintf("\"%s\": {\n    %s}", names(groups[[col]]), sapply(groups[[col]], json_outcomes)),
               collapse = ",\n  ")
    sprintf("\"%s\": {\n  %s}", col, v)
  }), collapse = ",\n")
  writeLines(c("{", paste0("\"args\": {", a, "},"), "\"expected\": {", paste0("  ", r), "},",
               "\"groups\": {", g, "}", "}"),
             file.path(name, "expected.json"))
}

# Per group of `g` (NA: "(missing)"): `outcomes(domain)` gives the list of
# outcome figures of the domain.
by_group <- function(g, outcomes) {
  values <- sort(unique(g[!is.na(g)]))
  out <- lapply(values, function(v) outcomes(!is.na(g) & g == v))
  names(out) <- values
  if (any(is.na(g))) out[["(missing)"]] <- outcomes(is.na(g))
  out
}

rescale <- function(x, lo, hi, higher = TRUE) if (higher) 100 * (x - lo) / (hi - lo) else 100 * (hi - x) / (hi - lo)

api_codebook <- c(
  "# api99 (baseline) and api00 (endline) of R survey's api data.",
  "id: snum",
  "indicators:",
  "  - {id: api, label: Academic Performance Index, scale: [200, 1000], pass_threshold: 800}")

# apistrat -----------------------------------------------------------------
# --by awards (crosses the strata) and --by stype (a domain per stratum).
data(api)
dir.create("apistrat", showWarnings = FALSE)
write.csv(data.frame(snum = apistrat$snum, stype = apistrat$stype, pw = apistrat$pw, fpc = apistrat$fpc,
                     api = apistrat$api99, awards = apistrat$awards), "apistrat/baseline.csv", row.names = FALSE)
write.csv(data.frame(snum = apistrat$snum, api = apistrat$api00), "apistrat/endline.csv", row.names = FALSE)
writeLines(api_codebook, "apistrat/codebook.yaml")
d <- data.frame(w = apistrat$pw, stype = apistrat$stype, fpc = apistrat$fpc)
apistrat_outcomes <- function(domain = NULL) list(
  api = figures(d, ~1, ~stype, ~fpc, apistrat$api99, apistrat$api00, 800, domain = domain),
  composite = figures(d, ~1, ~stype, ~fpc, rescale(apistrat$api99, 200, 1000), rescale(apistrat$api00, 200, 1000),
                      NA, domain = domain))
write_case("apistrat", list(weight = "pw", strata = "stype", fpc = "fpc", by = "awards,stype"), apistrat_outcomes(),
           list(awards = by_group(as.character(apistrat$awards), apistrat_outcomes),
                stype = by_group(as.character(apistrat$stype), apistrat_outcomes)))

# apiclus1 -----------------------------------------------------------------
# --by stype: school types cut across the districts (PSUs).
dir.create("apiclus1", showWarnings = FALSE)
write.csv(data.frame(snum = apiclus1$snum, dnum = apiclus1$dnum, pw = apiclus1$pw, fpc = apiclus1$fpc,
                     api = apiclus1$api99, stype = apiclus1$stype), "apiclus1/baseline.csv", row.names = FALSE)
write.csv(data.frame(snum = apiclus1$snum, api = apiclus1$api00), "apiclus1/endline.csv", row.names = FALSE)
writeLines(api_codebook, "apiclus1/codebook.yaml")
d1 <- data.frame(w = apiclus1$pw, dnum = apiclus1$dnum, fpc = apiclus1$fpc)
apiclus1_outcomes <- function(domain = NULL) list(
  api = figures(d1, ~dnum, NULL, ~fpc, apiclus1$api99, apiclus1$api00, 800, domain = domain),
  composite = figures(d1, ~dnum, NULL, ~fpc, rescale(apiclus1$api99, 200, 1000), rescale(apiclus1$api00, 200, 1000),
                      NA, domain = domain))
write_case("apiclus1", list(weight = "pw", cluster = "dnum", fpc = "fpc", by = "stype"), apiclus1_outcomes(),
           list(stype = by_group(as.character(apiclus1$stype), apiclus1_outcomes)))

# generated ----------------------------------------------------------------
set.seed(20261130)
strata <- c("north", "south", "west")
clusters <- list(north = 1:6, south = 7:11, west = 12)        # west: one PSU (lonely)
popsize <- c(north = 60, south = 40, west = 5)
rows <- list()
for (h in strata) for (cl in clusters[[h]]) {
  m <- sample(4:9, 1)
  rows[[length(rows) + 1]] <- data.frame(stratum = h, village = sprintf("v%02d", cl), fpc = popsize[[h]],
                                         weight = round(runif(1, 5, 40), 3) + round(runif(m, 0, 2), 2))
}
b <- do.call(rbind, rows)
n <- nrow(b)
b$rid <- sprintf("R%04d", seq_len(n) * 7)
q1 <- sample(1:5, n, replace = TRUE)
q2 <- sample(1:5, n, replace = TRUE)
q3 <- sample(1:5, n, replace = TRUE)                          # anxiety: lower is better
e1 <- pmin(5, pmax(1, q1 + sample(-1:2, n, replace = TRUE)))
e2 <- pmin(5, pmax(1, q2 + sample(-1:1, n, replace = TRUE)))
e3 <- pmin(5, pmax(1, q3 + sample(-2:1, n, replace = TRUE)))
q1[sample(n, 5)] <- NA
q2[sample(n, 4)] <- NA
e2[sample(n, 6)] <- NA
e3[sample(n, 3)] <- NA
stayed <- runif(n) > 0.15
stayed[b$village == "v03"] <- FALSE                           # a cluster that dropped out entirely
fmt <- function(x) ifelse(is.na(x), "", as.character(x))
dir.create("generated", showWarnings = FALSE)
newcomers <- data.frame(rid = sprintf("N%03d", 1:4), q1 = 3, q2 = 4, q3 = 2)
end <- rbind(data.frame(rid = b$rid, q1 = fmt(e1), q2 = fmt(e2), q3 = fmt(e3))[stayed, ], newcomers)
write.csv(end[sample(nrow(end)), ], "generated/endline.csv", row.names = FALSE)
# --by area, drawn after everything above (so the overall figures stay as
# they were); 6 blanks form the group "(missing)" with the newcomers (who
# have no area and are not in the design).
area <- sample(c("rural", "urban"), n, replace = TRUE)
area[sample(n, 6)] <- NA
write.csv(data.frame(rid = b$rid, stratum = b$stratum, village = b$village, weight = b$weight, fpc = b$fpc,
                     q1 = fmt(q1), q2 = fmt(q2), q3 = fmt(q3), area = fmt(area)), "generated/baseline.csv",
          row.names = FALSE)
writeLines(c(
  "# Generated by make_design_reference.R (synthetic).",
  "id: rid",
  "scale: [1, 5]",
  "pass_threshold: 4",
  "indicators:",
  "  - {id: q1}",
  "  - {id: q2}",
  "  - {id: q3, higher_is_better: false, pass_threshold: 2}"), "generated/codebook.yaml")
e1[!stayed] <- NA
e2[!stayed] <- NA
e3[!stayed] <- NA
d <- data.frame(w = b$weight, stratum = b$stratum, village = b$village, fpc = b$fpc)
comp <- function(a, b2, c) (rescale(a, 1, 5) + rescale(b2, 1, 5) + rescale(c, 1, 5, FALSE)) / 3
generated_outcomes <- function(domain = NULL) list(
  q1 = figures(d, ~village, ~stratum, ~fpc, q1, e1, 4, domain = domain),
  q2 = figures(d, ~village, ~stratum, ~fpc, q2, e2, 4, domain = domain),
  q3 = figures(d, ~village, ~stratum, ~fpc, q3, e3, 2, higher = FALSE, domain = domain),
  composite = figures(d, ~village, ~stratum, ~fpc, comp(q1, q2, q3), comp(e1, e2, e3), NA, domain = domain))
write_case("generated", list(weight = "weight", strata = "stratum", cluster = "village", fpc = "fpc", by = "area"),
           generated_outcomes(), list(area = by_group(area, generated_outcomes)))
