"""Begeleide trajecten (seed 001): a client's request, the exploratory talk, the introduction with the
group, quote and acceptance, the guided meetings with the reader, the client report, certificates and
invoices. One state machine: ``trajectories.domain.set_trajectory_state``."""
