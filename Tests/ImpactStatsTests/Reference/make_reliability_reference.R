# Reference values for ItemAnalysis (Sources/ImpactStats/Reliability/ItemAnalysis.swift).
#
# Tool: R with psych 2.2.9 (Debian r-cran-psych 2.2.9-1), run 2026-11-30:
#   Rscript make_reliability_reference.R
# Data: psych::bfi, the 25 personality items, complete cases (written to
# bfi_items.csv so the Swift test reads exactly these rows).
# Per scale: psych::alpha(x, keys = …) raw_alpha, std.alpha, alpha.drop
# raw_alpha (alpha if item deleted) and item.stats r.drop; Feldt's CI of
# alpha as pingouin.cronbach_alpha computes it (before its rounding to 3
# decimals), with R's qf for F⁻¹:
#   lower = 1 - (1 - a) * qf((1 - ci)/2, n - 1, (n - 1)(k - 1), lower.tail = FALSE)
#   upper = 1 - (1 - a) * qf(1 - (1 - ci)/2, n - 1, (n - 1)(k - 1), lower.tail = FALSE)
# Tolerance in the test: 1e-12 relative.
suppressMessages(library(psych))
data(bfi)
items <- na.omit(bfi[, 1:25])
write.csv(items, "bfi_items.csv", row.names = FALSE)
scales <- list(
  list(name = "agreeableness", items = paste0("A", 1:5), keys = c("A1")),
  list(name = "conscientiousness", items = paste0("C", 1:5), keys = c("C4", "C5")),
  list(name = "extraversion", items = paste0("E", 1:5), keys = c("E1", "E2")),
  list(name = "neuroticism", items = paste0("N", 1:5), keys = character(0)),
  list(name = "openness", items = paste0("O", 1:5), keys = c("O2", "O5")),
  list(name = "agreeableness_unkeyed", items = paste0("A", 1:5), keys = character(0)),
  list(name = "all25", items = colnames(items),
       keys = c("A1", "C4", "C5", "E1", "E2", "O2", "O5"))
)
num <- function(v) formatC(v, digits = 17, format = "g")
out <- c("[")
for (s in seq_along(scales)) {
  sc <- scales[[s]]
  x <- items[, sc$items]
  a <- if (length(sc$keys) > 0) alpha(x, keys = sc$keys, warnings = FALSE) else alpha(x, warnings = FALSE, check.keys = FALSE)
  n <- nrow(x); k <- ncol(x); ra <- a$total$raw_alpha
  lo <- 1 - (1 - ra) * qf(0.025, n - 1, (n - 1) * (k - 1), lower.tail = FALSE)
  hi <- 1 - (1 - ra) * qf(0.975, n - 1, (n - 1) * (k - 1), lower.tail = FALSE)
  rec <- paste0(
    "  {\"name\": \"", sc$name, "\", \"items\": [", paste0("\"", sc$items, "\"", collapse = ", "), "], ",
    "\"reversed\": [", paste0(ifelse(sc$items %in% sc$keys, "true", "false"), collapse = ", "), "], ",
    "\"n\": ", n, ", \"raw_alpha\": ", num(ra), ", \"std_alpha\": ", num(a$total$std.alpha), ", ",
    "\"alpha_if_deleted\": [", paste(num(a$alpha.drop$raw_alpha), collapse = ", "), "], ",
    "\"r_drop\": [", paste(num(a$item.stats$r.drop), collapse = ", "), "], ",
    "\"ci95\": [", num(lo), ", ", num(hi), "]}")
  out <- c(out, paste0(rec, if (s < length(scales)) "," else ""))
}
out <- c(out, "]")
writeLines(out, "reliability.json")
