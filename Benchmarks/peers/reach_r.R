# Reach job in R + data.table: volunteers, hours and distinct beneficiaries per calendar year.
# Usage: Rscript reach_r.R HOURS.csv BENEFICIARIES.csv OUT.json
suppressPackageStartupMessages(library(data.table))
setDTthreads(0L)  # all cores, like the other tools (data.table defaults to half)

args <- commandArgs(trailingOnly = TRUE)

hours <- fread(args[1], select = c("volunteer_id", "date", "hours"),
               colClasses = list(character = c("volunteer_id", "date"), numeric = "hours"))
hours[, year := as.integer(substr(date, 1L, 4L))]   # dates are ISO YYYY-MM-DD
per_volunteer <- hours[, .(hours = sum(hours)), by = .(year, volunteer_id)]
by_year <- per_volunteer[, .(volunteers_active = .N, hours_total = sum(hours),
                             hours_per_volunteer_median = median(hours)), keyby = year]
by_year[, hours_per_volunteer_mean := hours_total / volunteers_active]

ben <- fread(args[2], select = c("beneficiary_id", "date"), colClasses = "character")
ben[, year := as.integer(substr(date, 1L, 4L))]
unique_ben <- ben[, .(beneficiaries_unique = uniqueN(beneficiary_id)), keyby = year]
by_year <- unique_ben[by_year, on = "year"]
by_year[is.na(beneficiaries_unique), beneficiaries_unique := 0L]

num <- function(x) sprintf("%.17g", x)
rows <- by_year[, sprintf(
  '"%d": {"volunteers_active": %d, "hours_total": %s, "hours_per_volunteer_mean": %s, "hours_per_volunteer_median": %s, "beneficiaries_unique": %d}',
  year, volunteers_active, num(hours_total), num(hours_per_volunteer_mean),
  num(hours_per_volunteer_median), beneficiaries_unique)]
writeLines(c('{"reach": {', paste(rows, collapse = ",\n"), "}}"), args[3])
