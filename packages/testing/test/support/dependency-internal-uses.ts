import { relative } from 'node:path';
import * as ts from 'typescript';

/** The JSDoc tags by which a dependency's typings mark a member as not theirs to offer. */
const HIDING_TAGS = new Set(['internal', 'private']);

/** One use of a member that a dependency's typings tag `@internal` or `@private`. */
export interface InternalUse {
  readonly file: string;
  readonly line: number;
  /** `etcd3/lib/namespace.d.ts: watchClient @internal` */
  readonly use: string;
}

/** The program of the repository's root `tsconfig.json` (every package's src and test, apps, bench). */
export function repositoryProgram(root: string): ts.Program {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic: ts.Diagnostic) => fail(diagnostic) };
  const config = ts.getParsedCommandLineOfConfigFile(`${root}/tsconfig.json`, {}, host);
  if (!config) throw new Error(`cannot read ${root}/tsconfig.json`);
  return ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
}

/**
 * Every use, in the program's own files (not declaration files, nothing under `node_modules`), of a
 * member, constructor or function whose declaration in a dependency's `.d.ts` carries an
 * `@internal` or `@private` JSDoc tag: property accesses, element accesses by a literal name,
 * destructuring, calls and `new`. The tags are read from the dependency's typings as they are
 * installed, so a member a new release hides is found without a list kept here.
 */
export function internalUses(program: ts.Program, root: string): InternalUse[] {
  const checker = program.getTypeChecker();
  const uses: InternalUse[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || isDependencyFile(file.fileName)) continue;
    const visit = (node: ts.Node): void => {
      for (const declaration of declarationsUsedAt(checker, node)) {
        const tags = hidingTags(declaration);
        if (!tags.length) continue;
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        const where = declaration.getSourceFile().fileName.replace(/^.*\/node_modules\//, '');
        uses.push({ file: relative(root, file.fileName), line: line + 1, use: `${where}: ${nameOf(declaration)} ${tags.join(' ')}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return uses;
}

/** The declarations, in dependencies' typings, of what `node` reaches. */
function declarationsUsedAt(checker: ts.TypeChecker, node: ts.Node): readonly ts.Declaration[] {
  let symbol: ts.Symbol | undefined;
  if (ts.isPropertyAccessExpression(node)) symbol = checker.getSymbolAtLocation(node.name);
  else if (ts.isElementAccessExpression(node)) symbol = checker.getSymbolAtLocation(node.argumentExpression);
  else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
    const name = node.propertyName ?? node.name;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) symbol = checker.getTypeAtLocation(node.parent).getProperty(name.text);
  } else if (ts.isNewExpression(node) || (ts.isCallExpression(node) && !isAccess(node.expression))) {
    // A method call is its property access, found above; here: constructors and plain functions.
    const declaration = checker.getResolvedSignature(node)?.declaration;
    return declaration && !ts.isJSDocSignature(declaration) && isDependencyFile(declaration.getSourceFile().fileName) ? [declaration] : [];
  }
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return (symbol?.declarations ?? []).filter((declaration) => isDependencyFile(declaration.getSourceFile().fileName));
}

/** The hiding tags on a declaration (a parameter property's own, or its constructor's JSDoc). */
function hidingTags(declaration: ts.Declaration): string[] {
  return ts
    .getJSDocTags(declaration)
    .map((tag) => `@${tag.tagName.text}`)
    .filter((tag) => HIDING_TAGS.has(tag.slice(1)));
}

/** `Namespace.watchClient`, `Watcher.constructor`, `watcher`. */
function nameOf(declaration: ts.Declaration): string {
  const name =
    ts.getNameOfDeclaration(declaration)?.getText() ?? (ts.isConstructorDeclaration(declaration) ? 'constructor' : '(anonymous)');
  const owner = declaration.parent;
  return (ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) && owner.name ? `${owner.name.text}.${name}` : name;
}

function isDependencyFile(fileName: string): boolean {
  return fileName.includes('/node_modules/');
}

function fail(diagnostic: ts.Diagnostic): never {
  throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

function isAccess(node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node);
}
