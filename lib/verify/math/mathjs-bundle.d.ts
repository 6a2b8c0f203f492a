// mathjs publishes its single-file build (lib/browser/math.js) without types of its own: it
// is the default instance, create(all), typed like any mathjs instance.
declare module "mathjs/lib/browser/math.js" {
  import type { MathJsInstance } from "mathjs";
  const math: MathJsInstance;
  export default math;
}
