-- CreateIndex
CREATE INDEX "candidate_source_id_idx" ON "candidate"("source", "id");
