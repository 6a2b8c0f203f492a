import { systemActor, type Actor } from "@/lib/audit";
import { saveDomainSettings, type UpdateDomainInput } from "@/lib/domains";
import { retriageDomain } from "./triage";

/**
 * Change a domain's settings. Bands follow from stored pass rates, so a moved band re-triages
 * the domain's scores at once, without sampling. Here rather than in lib/domains so that
 * scoring depends on domains and not the other way round.
 */
export async function updateDomain(slug: string, input: UpdateDomainInput, actor: Actor) {
  const { domain, bandMoved } = await saveDomainSettings(slug, input, actor);
  if (bandMoved) await retriageDomain(domain.id);
  return domain;
}
