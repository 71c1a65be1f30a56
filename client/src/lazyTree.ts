import * as vscode from 'vscode';

/**
 * Stands in for a tree's real data provider until the view first asks for rows, so the view can be
 * registered at activation while its engine (Prometheus client, undici) is loaded only once it is shown.
 */
export class LazyTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private target: vscode.TreeDataProvider<T> | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  private forward: vscode.Disposable | undefined;
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly load: () => Promise<unknown>) {}

  attach(target: vscode.TreeDataProvider<T>): void {
    this.target = target;
    this.forward = target.onDidChangeTreeData?.((e) => this.changed.fire(e));
    this.changed.fire();
  }

  async getChildren(element?: T): Promise<T[] | null | undefined> {
    if (!this.target) await this.load();
    return this.target ? this.target.getChildren(element) : [];
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.target!.getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.target?.getParent?.(element);
  }

  resolveTreeItem(item: vscode.TreeItem, element: T, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    return this.target?.resolveTreeItem ? this.target.resolveTreeItem(item, element, token) : item;
  }

  dispose(): void {
    this.forward?.dispose();
    this.changed.dispose();
  }
}
