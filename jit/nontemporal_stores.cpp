// mark_nontemporal_stores: find a store's buffer from Halide's TBAA type path and mark it.
#include "jit/nontemporal_stores.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Metadata.h>

#include <algorithm>

namespace kf {

namespace {

// The name of a TBAA scalar type node (!{!"name", parent, offset}), or "" for other nodes.
llvm::StringRef type_node_name(const llvm::MDNode* node) {
  if (!node || node->getNumOperands() < 1) return {};
  const auto* name = llvm::dyn_cast<llvm::MDString>(node->getOperand(0));
  return name ? name->getString() : llvm::StringRef();
}

// The parent of a TBAA scalar type node, or null at the root.
const llvm::MDNode* type_node_parent(const llvm::MDNode* node) {
  if (!node || node->getNumOperands() < 2) return nullptr;
  return llvm::dyn_cast<llvm::MDNode>(node->getOperand(1));
}

// True when the access tag `tag` (!{base type, access type, offset}) lies in the path of one of
// `buffers`: Halide's type nodes are chained root <- buffer <- buffer.width<w>.base<b> <- ...,
// so one node of the chain, just below the root, names the buffer.
bool tag_names_buffer(const llvm::MDNode* tag, const std::vector<std::string>& buffers) {
  if (!tag || tag->getNumOperands() < 1) return false;
  const auto* type = llvm::dyn_cast<llvm::MDNode>(tag->getOperand(0));
  for (; type; type = type_node_parent(type)) {
    const llvm::MDNode* parent = type_node_parent(type);
    const bool below_root = parent && !type_node_parent(parent);
    if (!below_root) continue;
    const llvm::StringRef name = type_node_name(type);
    return std::any_of(buffers.begin(), buffers.end(),
                       [&](const std::string& buffer) { return name == buffer; });
  }
  return false;
}

}  // namespace

int mark_nontemporal_stores(llvm::Module& module, const std::vector<std::string>& buffers) {
  if (buffers.empty()) return 0;
  llvm::LLVMContext& context = module.getContext();
  // LangRef: the !nontemporal node holds a single i32 1.
  llvm::MDNode* nontemporal = llvm::MDNode::get(
      context,
      {llvm::ConstantAsMetadata::get(llvm::ConstantInt::get(llvm::Type::getInt32Ty(context), 1))});
  int marked = 0;
  for (llvm::Function& function : module) {
    for (llvm::BasicBlock& block : function) {
      for (llvm::Instruction& instruction : block) {
        auto* store = llvm::dyn_cast<llvm::StoreInst>(&instruction);
        if (!store || store->isVolatile() || store->isAtomic()) continue;
        if (!tag_names_buffer(store->getMetadata(llvm::LLVMContext::MD_tbaa), buffers)) continue;
        store->setMetadata(llvm::LLVMContext::MD_nontemporal, nontemporal);
        ++marked;
      }
    }
  }
  return marked;
}

}  // namespace kf
