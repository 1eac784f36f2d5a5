/**
 * Reads a package's public API the way its users' editors do (the TypeScript compiler over its entry files) and
 * lists what breaks the project's rule for it: every export, and every public member of an exported class,
 * interface or object type, has TSDoc (or is marked `@internal`), and no declaration says `any`.
 * The packages' `public-api.test.ts` expect the list to be empty.
 */
import path from 'node:path';
import ts from 'typescript';

/** One line per problem, such as `CallSession.hangUp: no TSDoc` or `Foo: \`any\` at src/foo.ts:12`. */
export function publicApiProblems(packageDir: string, entryFiles: readonly string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(packageDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`no tsconfig.json in ${packageDir}`);
  const roots = entryFiles.map((file) => path.join(packageDir, file));
  const program = ts.createProgram({ rootNames: roots, options: config.options });
  const checker = program.getTypeChecker();
  const problems = new Set<string>();
  const documented = (symbol: ts.Symbol | undefined): boolean =>
    symbol !== undefined &&
    (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() !== '' ||
      symbol.getJsDocTags(checker).some((tag) => tag.name === 'internal'));

  const checkMembers = (owner: string, members: ts.NodeArray<ts.Node>): void => {
    for (const member of members) {
      const name = (member as ts.NamedDeclaration).name;
      if (!name || ts.isPrivateIdentifier(name) || ts.isConstructorDeclaration(member)) continue;
      if (
        ts.getCombinedModifierFlags(member as ts.Declaration) &
        (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)
      )
        continue;
      if (!documented(checker.getSymbolAtLocation(name))) problems.add(`${owner}.${name.getText()}: no TSDoc`);
    }
  };

  for (const root of roots) {
    const source = program.getSourceFile(root);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${root} is not a module`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!documented(symbol)) problems.add(`${exported.name}: no TSDoc`);
      for (const declaration of symbol.declarations ?? []) {
        if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) {
          checkMembers(exported.name, declaration.members);
        } else if (ts.isTypeAliasDeclaration(declaration) && ts.isTypeLiteralNode(declaration.type)) {
          checkMembers(exported.name, declaration.type.members);
        }
        const file = declaration.getSourceFile();
        const findAny = (node: ts.Node): void => {
          if (node.kind === ts.SyntaxKind.AnyKeyword) {
            const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
            problems.add(`${exported.name}: \`any\` at ${path.relative(packageDir, file.fileName)}:${line}`);
          }
          // A function's body is its own business; its signature is the API.
          if (!ts.isBlock(node)) ts.forEachChild(node, findAny);
        };
        findAny(declaration);
      }
    }
  }
  return [...problems];
}
